#!/usr/bin/env bash
# HTTP load benchmark: starts `./ladder demo` on loopback, waits until every book is live, then runs wrk
# from this separate process against the book routes and prints requests/s and latency percentiles.
#
#   tests/perf/bench-http.sh [seconds per run, default 10] [connections, default 64] [threads, default 2]
#
# Needs wrk (Debian: apt-get install -y wrk; run apt-get update first). Only 127.0.0.1 is targeted; every
# run is bounded by its duration and the demo is stopped at the end.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
duration="${1:-10}"
connections="${2:-64}"
threads="${3:-2}"
port="${LADDER_BENCH_PORT:-18080}"
base="http://127.0.0.1:$port"

. "$here/bin/find-jdk.sh"
ladder_find_jdk >/dev/null || exit 1
command -v wrk >/dev/null || { echo "bench-http: wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }

. "$here/tests/perf/demo.sh"
ladder_bench_demo bench-http "$port" $((duration * 4 + 60))

echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg) before the runs"
echo "# wrk -t$threads -c$connections -d${duration}s --latency (separate process, loopback)"
run() {
  echo
  echo "## $1"
  wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$base$1" | grep -E 'Requests/sec|Transfer/sec|^ +Latency |^ +(50|75|90|99)%|requests in|Non-2xx|Socket errors'
}
routes=("/api/books/binance/BTCUSDT?depth=10"
        "/api/books/binance/BTCUSDT/volume?side=bid&price=1&op=gte"
        "/volume/b?price=1000000&operator=lte"
        "/api/books/binance/BTCUSDT/fill?side=buy&size=1"
        "/api/books")
# warm-up (JIT), not reported
for r in "${routes[@]}"; do wrk -t"$threads" -c"$connections" -d5s "$base$r" >/dev/null; done
for r in "${routes[@]}"; do run "$r"; done
# latency at a lighter load: 8 connections, one wrk thread
echo
echo "## /api/books/binance/BTCUSDT?depth=10 at 8 connections"
wrk -t1 -c8 -d"${duration}s" --latency "$base/api/books/binance/BTCUSDT?depth=10" | grep -E 'Requests/sec|^ +Latency |^ +(50|75|90|99)%'
echo
echo "# load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
