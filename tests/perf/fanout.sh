#!/usr/bin/env bash
# Fan-out benchmark: starts `./ladder demo` on loopback, waits until every book is live, then opens N
# server-sent-event streams of one book from a separate JVM (FanoutClient, JDK only, run from its source)
# and prints the update rate, the delivery latency percentiles (client read time minus the server's
# receive time of the venue message, same clock), and the server's heap and RSS sampled during the run.
#
#   tests/perf/fanout.sh [clients, default 1000] [seconds, default 30] [book, default binance/BTCUSDT]
#
# Only 127.0.0.1 is used; the demo records into a temporary directory and is stopped at the end.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
clients="${1:-1000}"
seconds="${2:-30}"
book="${3:-binance/BTCUSDT}"
port="${LADDER_BENCH_PORT:-18090}"
base="http://127.0.0.1:$port"

. "$here/bin/find-jdk.sh"
ladder_find_jdk >/dev/null || exit 1

. "$here/tests/perf/demo.sh"
data="$(mktemp -d)"
ladder_bench_cleanup() { rm -rf "$data" "${samples:-}"; }
ladder_bench_demo fanout "$port" $((seconds + 300)) --data "$data"

echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg) before the run"
echo "# server: ./ladder demo (pid $demo, default JVM flags); client: FanoutClient in a separate JVM, $clients SSE streams of $book"

# server heap (after GC is not forced: used heap as sampled) and RSS, every 2 s while the client runs
samples="$(mktemp)"
(
  while kill -0 "$demo" 2>/dev/null; do
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$demo/status" 2>/dev/null || echo 0)
    heap=$("$JAVA_HOME/bin/jcmd" "$demo" GC.heap_info 2>/dev/null | sed -n 's/.*\(total\|committed\) \([0-9]*\)K, used \([0-9]*\)K.*/\3 \2/p' | head -1)
    clients_now=$(curl -s "$base/metrics" | awk '/^ladder_stream_clients / {print $2}')
    echo "$rss ${heap:-0 0} ${clients_now:-0}" >>"$samples"
    sleep 2
  done
) &
sampler=$!
"$JAVA_HOME/bin/java" -Xss256k "$here/tests/perf/src/main/java/dev/ladder/perf/http/FanoutClient.java" \
  "$port" "$clients" "$seconds" "/api/books/$book/stream"
kill "$sampler" 2>/dev/null || true
wait "$sampler" 2>/dev/null || true
awk -v n="$clients" '$4 + 0 >= n { if ($1 > rss) rss = $1; if ($2 > heap) heap = $2; if ($3 > total) total = $3; k++ }
  END { printf "server while %d clients were connected (%d samples): RSS max %.0f MiB, heap used max %.0f MiB of %.0f MiB committed\n", n, k, rss / 1024, heap / 1024, total / 1024 }' "$samples"
rm -f "$samples"
echo "# load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
