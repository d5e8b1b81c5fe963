# Sourced by ./mvnw, ./ladder and .ci/run: finds a JDK 25+ and exports JAVA_HOME.
# Order: JAVA_HOME if it is 25+, then /usr/lib/jvm/*, /opt/java/*, ~/.sdkman, then `java` on PATH.
ladder_java_major() { # prints the major version of the java binary in $1, or nothing
  # the JDK's `release` file says it without starting a JVM (each start costs 50-100 ms on every command)
  local release major
  release="$(dirname "$(dirname "$1")")/release"
  if [ -f "$release" ]; then
    major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release" | head -n1)
    if [ -n "$major" ]; then echo "$major"; return; fi
  fi
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1 | cut -d. -f1
}
ladder_find_jdk() {
  local cand major
  for cand in ${JAVA_HOME:+"$JAVA_HOME"} /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* ; do
    [ -x "$cand/bin/java" ] && [ -x "$cand/bin/javac" ] || continue
    major=$(ladder_java_major "$cand/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="$cand"; return 0
    fi
  done
  if command -v javac >/dev/null 2>&1; then
    cand=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(ladder_java_major "$cand/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 25 ] 2>/dev/null; then export JAVA_HOME="$cand"; return 0; fi
  fi
  cat >&2 <<'MSG'
ladder: no JDK 25 or newer found (looked at JAVA_HOME, /usr/lib/jvm/*, /opt/java/*, ~/.sdkman and PATH).
ladder: install one, e.g. `apt-get install temurin-25-jdk` (Adoptium's Debian repository) or
ladder: unpack a JDK 25 from https://adoptium.net and set JAVA_HOME to it.
MSG
  return 1
}
