#!/usr/bin/env bash
# Soak test: the Binance simulator (separate process) publishing N symbols at M depth diffs a second in
# total, `ladder serve` recording and serving them (separate process, journal in a temporary directory),
# and a load process (tests/perf/SoakClient.java) with K server-sent-event clients and Q queries a second,
# for DURATION seconds. Every INTERVAL seconds it prints throughput, query latency percentiles, gaps
# (the server's counters and the SSE clients' chain checks), the server's heap (jstat) and RSS (/proc; anonymous and file-backed apart).
#
#   tests/perf/soak.sh [N symbols=10] [M msg/s=200] [K clients=8] [Q queries/s=20] [DURATION s=3600] [INTERVAL s=60]
#
# Env: SOAK_JAVA_OPTS (server JVM, default -Xmx1g), SOAK_PORT (default 18090), SOAK_OUT (directory for the
# logs and the CSV; default a fresh temporary one). Loopback only; both processes are stopped at the end.
# The jar is copied first, so rebuilding the tree while a soak runs does not disturb it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
n="${1:-10}"; m="${2:-200}"; k="${3:-8}"; q="${4:-20}"; duration="${5:-3600}"; interval="${6:-60}"
port="${SOAK_PORT:-18090}"
out="${SOAK_OUT:-$(mktemp -d /tmp/ladder-soak.XXXXXX)}"
mkdir -p "$out"

. "$here/bin/find-jdk.sh"
ladder_find_jdk >/dev/null || exit 1
"$here/ladder" --version >/dev/null   # builds the jar when sources changed
cp -r "$here/applications/server/target/ladder-server.jar" "$here/applications/server/target/lib" "$out/"
flags=$(sed -n 's:.*<ladder.jvm.flags>\(.*\)</ladder.jvm.flags>.*:\1:p' "$here/pom.xml")
java="$JAVA_HOME/bin/java"

base=(BTCUSDT ETHUSDT BNBUSDT SOLUSDT XRPUSDT ADAUSDT DOGEUSDT TRXUSDT DOTUSDT LTCUSDT LINKUSDT AVAXUSDT)
symbols=()
for i in $(seq 0 $((n - 1))); do
  if [ "$i" -lt "${#base[@]}" ]; then symbols+=("${base[$i]}"); else symbols+=("SOAK${i}USDT"); fi
done
list=$(IFS=,; echo "${symbols[*]}")
# the model steps every tick; serve subscribes <sym>@depth@100ms, so each symbol gives at most 10 diffs/s
tick=$(( n * 1000 / m )); [ "$tick" -ge 100 ] || { tick=100; echo "soak: M capped at 10 per symbol: $((n * 10))/s" >&2; }

# shellcheck disable=SC2086
"$java" $flags -Xmx256m -cp "$out/ladder-server.jar:$out/lib/*" dev.ladder.server.cli.Main \
  sim binance --port $((port + 1)) --symbols "$list" --tick-ms "$tick" >"$out/sim.log" 2>&1 &
sim=$!
# shellcheck disable=SC2086
"$java" $flags ${SOAK_JAVA_OPTS:--Xmx1g} -cp "$out/ladder-server.jar:$out/lib/*" dev.ladder.server.cli.Main \
  serve --port "$port" --binance "$list" --binance-rest "http://127.0.0.1:$((port + 1))" \
  --binance-ws "ws://127.0.0.1:$((port + 1))" --data "$out/data" >"$out/serve.log" 2>&1 &
srv=$!
trap 'kill "$srv" "$sim" 2>/dev/null || true; wait "$srv" "$sim" 2>/dev/null || true; rm -rf "$out/data" "$out/lib" "$out/ladder-server.jar"' EXIT

for _ in $(seq 1 120); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/ready" || true)" = "200" ] && break
  kill -0 "$srv" 2>/dev/null || { echo "soak: serve exited:" >&2; cat "$out/serve.log" >&2; exit 1; }
  sleep 1
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/ready")" = "200" ] \
  || { echo "soak: books never became live" >&2; cat "$out/serve.log" >&2; exit 1; }

echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $("$java" -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
echo "# $(date -u +%FT%TZ): $n symbols ($list), model tick ${tick} ms (~$((n * 1000 / tick)) diffs/s), $k SSE clients, $q queries/s, ${duration} s, server ${SOAK_JAVA_OPTS:--Xmx1g}"
"$java" "$here/tests/perf/SoakClient.java" "http://127.0.0.1:$port" "$list" "$k" "$q" "$duration" "$interval" "$srv" \
  "$JAVA_HOME/bin/jstat" | tee "$out/soak.csv"
echo "# journal: $(du -sh "$out/data" | cut -f1); load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; logs in $out"
