#!/usr/bin/env bash
# A single-node KRaft Kafka broker for local runs and system checks, from the Kafka jars on Maven
# Central (resolved through the Maven wrapper; no Docker, nothing downloaded from anywhere else).
#
#   tests/system/kafka/broker.sh start PORT DIR   format DIR (first time), start the broker on 127.0.0.1:PORT,
#                                                 wait until it listens; its pid goes to DIR/broker.pid
#   tests/system/kafka/broker.sh stop DIR         stop it (SIGTERM, then SIGKILL after 20 s)
#
# Then: ./ladder record binance --symbols BTCUSDT --kafka 127.0.0.1:PORT
#       ./ladder serve --from-kafka 127.0.0.1:PORT --port 8081
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
usage() { echo "usage: $0 start PORT DIR | stop DIR" >&2; exit 2; }
[ $# -ge 1 ] || usage

case "$1" in
  start)
    [ $# -eq 3 ] || usage
    port="$2"; dir="$(mkdir -p "$3" && cd "$3" && pwd)"
    [[ "$port" =~ ^[0-9]+$ ]] || { echo "PORT must be a number: $port" >&2; exit 2; }
    if [ -f "$dir/broker.pid" ] && kill -0 "$(cat "$dir/broker.pid")" 2>/dev/null; then
      echo "a broker is already running from $dir (pid $(cat "$dir/broker.pid"))" >&2; exit 1
    fi
    source "$root/bin/find-jdk.sh"
    ladder_find_jdk || exit 1
    java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
    cp_file="$dir/classpath.txt"
    if [ ! -s "$cp_file" ]; then
      (cd "$root" && ./mvnw -B -ntp -q -pl libraries/kafka dependency:build-classpath \
          -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file") >&2
    fi
    cp="$(cat "$cp_file")"
    cport=$((port + 1))
    # the same settings KafkaBroker writes (one file for both)
    res="$root/libraries/kafka/src/main/resources/dev/ladder/kafka"
    sed -e "s|@CONTROLLER_PORT@|$cport|g" -e "s|@PORT@|$port|g" -e "s|@LOG_DIRS@|$dir/logs|g" \
        "$res/broker.properties" > "$dir/server.properties"
    cp "$res/broker-logback.xml" "$dir/logback.xml"
    jvm=(-Xmx512m -XX:+UseSerialGC "-Dlogback.configurationFile=$dir/logback.xml" -cp "$cp")
    if [ ! -f "$dir/logs/meta.properties" ]; then
      id="$("$java" "${jvm[@]}" kafka.tools.StorageTool random-uuid | tail -1)"
      "$java" "${jvm[@]}" kafka.tools.StorageTool format -t "$id" -c "$dir/server.properties" --standalone > "$dir/format.log" 2>&1 \
        || { echo "formatting $dir failed:" >&2; tail -20 "$dir/format.log" >&2; exit 1; }
    fi
    nohup "$java" "${jvm[@]}" kafka.Kafka "$dir/server.properties" >> "$dir/broker.log" 2>&1 &
    echo $! > "$dir/broker.pid"
    for _ in $(seq 1 600); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "kafka broker on 127.0.0.1:$port (pid $(cat "$dir/broker.pid"), data and log in $dir)"
        exit 0
      fi
      kill -0 "$(cat "$dir/broker.pid")" 2>/dev/null || { echo "the broker exited:" >&2; tail -20 "$dir/broker.log" >&2; exit 1; }
      sleep 0.1
    done
    echo "the broker did not listen on $port within 60 s" >&2; exit 1
    ;;
  stop)
    [ $# -eq 2 ] || usage
    pidfile="$2/broker.pid"
    [ -f "$pidfile" ] || { echo "no broker.pid in $2" >&2; exit 1; }
    pid="$(cat "$pidfile")"
    if kill "$pid" 2>/dev/null; then
      for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
    echo "stopped the broker of $2"
    ;;
  *) usage ;;
esac
