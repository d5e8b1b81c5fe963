#!/usr/bin/env bash
# Checks that an unmodified ccxt (Node.js) syncs an order book from `ladder sim binance`.
# Installs ccxt into a directory outside the repository (default /tmp/ccxt-check), starts the
# simulator, runs check-binance.mjs against it, stops the simulator. Needs node and npm.
# Usage: tests/system/ccxt/run-ccxt-check.sh [spot|futures]
set -euo pipefail
kind="${1:-spot}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
dir="${CCXT_DIR:-/tmp/ccxt-check}"
command -v node >/dev/null || { echo "node is not installed: skipping"; exit 0; }
if [ ! -d "$dir/node_modules/ccxt" ]; then
  mkdir -p "$dir"
  (cd "$dir" && npm init -y >/dev/null && npm install --no-audit --no-fund ccxt >/dev/null)
fi
log="$(mktemp)"
flag=""
[ "$kind" = futures ] && flag="--futures"
"$repo/ladder" sim binance --symbols BTCUSDT,ETHUSDT $flag >"$log" 2>&1 &
sim=$!
trap 'kill "$sim" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 300); do
  rest="$(grep -a -o 'http://127.0.0.1:[0-9]*' "$log" | head -1 || true)"
  [ -n "$rest" ] && break
  sleep 1
done
[ -n "$rest" ] || { echo "simulator did not start:"; cat "$log"; exit 1; }
cd "$dir" && node "$here/check-binance.mjs" "$rest" BTCUSDT "$kind"
