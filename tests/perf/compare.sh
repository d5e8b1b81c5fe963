#!/usr/bin/env bash
# Whole-process runs of `ladder book`, side by side with the reference tools on the same input, in
# alternating rounds (see the README's "Whole commands" benchmark). Usage:
#   tests/perf/compare.sh [ROUNDS] [WORK_DIR]        defaults: 3 rounds, /tmp/ladder-perf
# Inputs are made once by make-inputs.py from ../shared/data into WORK_DIR (never into the repository).
# Prints one line per run and, per row, the medians and the ratio Ladder / reference.
# LADDER_CMD overrides the command under test (default: this checkout's ./ladder).
# When node and ccxt are installed (CCXT_DIR, default ~/.cache/ladder/ccxt-4.5.84, where .ci/run puts it), the
# binance-gz row has a second reference: ccxt's own order-book code on the same file (ccxt-book.mjs), whose
# book is first checked against Ladder's (ccxt-agree.sh); otherwise one line says why it is skipped.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds="${1:-3}"
work="${2:-/tmp/ladder-perf}"
shared="${LADDER_SHARED:-$here/../shared}/data"
ladder="${LADDER_CMD:-$here/ladder}"

python3 "$here/tests/perf/make-inputs.py" "$shared" "$work"
"$ladder" --version >/dev/null   # builds on first use, outside the timings
export CCXT_DIR="${CCXT_DIR:-$HOME/.cache/ladder/ccxt-4.5.84}"
ccxt_skip=""
if ! command -v node >/dev/null; then ccxt_skip="node is not installed"
elif [ ! -d "$CCXT_DIR/node_modules/ccxt" ]; then ccxt_skip="ccxt is not installed in $CCXT_DIR (.ci/run installs it)"
fi

gz="$work/binance/btcusdt-x12.gz"
plain=("$work"/betfair-plain/*.jsonl)
bz=("$work"/betfair-bz2/*.bz2)

secs() {   # secs CMD...: "wall cpu" seconds of one run (cpu = user + sys of the process and its children), output discarded
  local out TIMEFORMAT='%R %U %S'
  out=$( { time "$@" >/dev/null 2>/tmp/ladder-compare-err; } 2>&1 ) || { cat /tmp/ladder-compare-err >&2; echo "failed: $*" >&2; exit 1; }
  echo "$out" | awk '{printf "%s %.3f", $1, $2 + $3}'
}
serial_bzcat() { for f in "$@"; do bzcat "$f"; done; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

declare -A t
rows=(binance-gz betfair-plain betfair-bz2)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -r); load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
gz_lines=$(zcat "$gz" | wc -l); plain_lines=$(cat "${plain[@]}" | wc -l); bz_lines=$(bzcat "${bz[@]}" | wc -l)
echo "inputs: $gz ($gz_lines lines); ${#plain[@]} plain Betfair files ($plain_lines lines); ${#bz[@]} .bz2 Betfair files ($bz_lines lines)"
if [ -z "$ccxt_skip" ]; then
  rows=(binance-gz binance-ccxt betfair-plain betfair-bz2)
  echo "ccxt check (outside the timings): $(LADDER_CMD="$ladder" "$here/tests/perf/ccxt-agree.sh" "$gz" | tail -1 || true)"
else
  echo "ccxt reference skipped: $ccxt_skip"
fi
for ((r = 1; r <= rounds; r++)); do
  a=$(secs zcat "$gz")
  b=$(secs "$ladder" book "$gz" --depth 20 --json)
  g=""
  [ -z "$ccxt_skip" ] && g=$(secs node "$here/tests/perf/ccxt-book.mjs" "$gz" --depth 20 --json)
  c=$(secs cat "${plain[@]}")
  d=$(secs "$ladder" book --venue betfair --json "${plain[@]}")
  e=$(secs serial_bzcat "${bz[@]}")
  f=$(secs "$ladder" book --venue betfair --json "${bz[@]}")
  t[binance-gz,ref]+=" ${a% *}"; t[binance-gz,ladder]+=" ${b% *}"; t[binance-gz,refcpu]+=" ${a#* }"; t[binance-gz,laddercpu]+=" ${b#* }"
  t[binance-ccxt,ref]+=" ${g% *}"; t[binance-ccxt,ladder]+=" ${b% *}"; t[binance-ccxt,refcpu]+=" ${g#* }"; t[binance-ccxt,laddercpu]+=" ${b#* }"
  t[betfair-plain,ref]+=" ${c% *}"; t[betfair-plain,ladder]+=" ${d% *}"; t[betfair-plain,refcpu]+=" ${c#* }"; t[betfair-plain,laddercpu]+=" ${d#* }"
  t[betfair-bz2,ref]+=" ${e% *}"; t[betfair-bz2,ladder]+=" ${f% *}"; t[betfair-bz2,refcpu]+=" ${e#* }"; t[betfair-bz2,laddercpu]+=" ${f#* }"
  echo "round $r (wall cpu): zcat $a  ladder $b${g:+  ccxt $g} | cat $c  ladder $d | bzcat $e  ladder $f  (load $(cut -d' ' -f1 /proc/loadavg))"
done
printf '%-14s %9s %9s %7s   %9s %9s\n' run ladder-s ref-s ratio ladder-cpu ref-cpu
for row in "${rows[@]}"; do
  # shellcheck disable=SC2086
  l=$(median ${t[$row,ladder]}); x=$(median ${t[$row,ref]}); lc=$(median ${t[$row,laddercpu]}); xc=$(median ${t[$row,refcpu]})
  printf '%-14s %9s %9s %7s   %9s %9s\n' "$row" "$l" "$x" "$(awk -v l="$l" -v x="$x" 'BEGIN {printf "%.2f", l / x}')" "$lc" "$xc"
done
echo "ladder lines/s (wall): binance-gz $(echo "$gz_lines / $(median ${t[binance-gz,ladder]})" | bc), betfair-plain $(echo "$plain_lines / $(median ${t[betfair-plain,ladder]})" | bc), betfair-bz2 $(echo "$bz_lines / $(median ${t[betfair-bz2,ladder]})" | bc)"
echo "medians of wall seconds (and of CPU seconds, user + sys); ratio = ladder wall / reference wall"
echo "references: binance-gz = zcat of the file; binance-ccxt = ccxt's own order-book code on the same file (tests/perf/ccxt-book.mjs; the ladder column repeats binance-gz); betfair-plain = cat of the files; betfair-bz2 = bzcat of the files one after another"
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
