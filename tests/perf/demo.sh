# Sourced by the benchmark scripts: starts `./ladder demo` on 127.0.0.1 and waits until it is ready.
#   ladder_bench_demo NAME PORT RUN_FOR_SECONDS [demo options...]
# sets $demo (its pid) and $demo_log, and stops it (and removes the log) when the script exits.
ladder_bench_demo() {
  local name="$1" port="$2" run_for="$3"
  shift 3
  demo_log="$(mktemp)"
  "$here/ladder" demo --port "$port" --run-for "$run_for" "$@" >"$demo_log" 2>&1 &
  demo=$!
  trap 'kill "$demo" 2>/dev/null || true; wait "$demo" 2>/dev/null || true; rm -f "$demo_log"; ladder_bench_cleanup 2>/dev/null || true' EXIT
  local url="http://127.0.0.1:$port/ready"
  for _ in $(seq 1 180); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "$url" || true)" = "200" ]; then return 0; fi
    if ! kill -0 "$demo" 2>/dev/null; then echo "$name: demo exited:" >&2; cat "$demo_log" >&2; exit 1; fi
    sleep 1
  done
  echo "$name: the demo never became ready (books live)" >&2; cat "$demo_log" >&2; exit 1
}
