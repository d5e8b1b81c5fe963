#!/usr/bin/env bash
# Checks that ccxt (tests/perf/ccxt-book.mjs) and `ladder book` rebuild the same Binance book from one
# capture: every level of both sides (price and size compared as numbers: ccxt keeps doubles, Ladder exact
# decimals, and both parse the same decimal strings) and the last update id. Prints the first difference
# and exits 1 if they differ; exits 0 when they agree.
# Usage: tests/perf/ccxt-agree.sh [FILE]      default: /tmp/ladder-perf/binance/btcusdt-x12.gz (compare.sh's input)
# LADDER_CMD overrides the ladder command; CCXT_DIR the ccxt install (default ~/.cache/ladder/ccxt-4.5.84).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
file="${1:-/tmp/ladder-perf/binance/btcusdt-x12.gz}"
ladder="${LADDER_CMD:-$here/ladder}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$ladder" book "$file" --depth 0 --json >"$tmp/ladder.json" 2>"$tmp/ladder.err" || { cat "$tmp/ladder.err" >&2; echo "ladder book failed" >&2; exit 1; }
node "$here/tests/perf/ccxt-book.mjs" "$file" --depth 0 --json >"$tmp/ccxt.json" 2>"$tmp/ccxt.err" || { cat "$tmp/ccxt.err" >&2; echo "ccxt-book failed" >&2; exit 1; }
echo "ladder: $(cat "$tmp/ladder.err")"
echo "ccxt:   $(cat "$tmp/ccxt.err")"
python3 - "$tmp/ladder.json" "$tmp/ccxt.json" <<'EOF'
import json, sys
lad, cc = (json.load(open(p)) for p in sys.argv[1:3])
bad = []
if lad['state'] != 'synced':
    bad.append('ladder state ' + lad['state'])
if lad['lastUpdateId'] != cc['lastUpdateId']:
    bad.append('last update id: ladder %s, ccxt %s' % (lad['lastUpdateId'], cc['lastUpdateId']))
for side in ('bids', 'asks'):
    l = [(float(p), float(s)) for p, s in lad[side]]
    c = [(float(p), float(s)) for p, s in cc[side]]
    if len(l) != len(c):
        bad.append('%s: ladder %d levels, ccxt %d' % (side, len(l), len(c)))
    for i, (a, b) in enumerate(zip(l, c)):
        if a != b:
            bad.append('%s level %d: ladder %r, ccxt %r' % (side, i, a, b))
            break
if bad:
    print('DIFFER: ' + '; '.join(bad))
    sys.exit(1)
print('AGREE: last update id %d, %d bids / %d asks, every level equal; best bid %s, best ask %s'
      % (lad['lastUpdateId'], len(lad['bids']), len(lad['asks']), lad['bids'][0][0], lad['asks'][0][0]))
EOF
