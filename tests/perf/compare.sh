#!/usr/bin/env bash
# Whole-process runs of `ladder book`, side by side with the reference tools on the same input, in
# alternating rounds (see the README's "Whole commands" benchmark). Usage:
#   tests/perf/compare.sh [ROUNDS] [WORK_DIR]        defaults: 3 rounds, /tmp/ladder-perf
# Inputs are made once by make-inputs.py from ../shared/data into WORK_DIR (never into the repository).
# Prints one line per run and, per row, the medians and the ratio Ladder / reference.
# LADDER_CMD overrides the command under test (default: this checkout's ./ladder).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds="${1:-3}"
work="${2:-/tmp/ladder-perf}"
shared="${LADDER_SHARED:-$here/../shared}/data"
ladder="${LADDER_CMD:-$here/ladder}"

python3 "$here/tests/perf/make-inputs.py" "$shared" "$work"
"$ladder" --version >/dev/null   # builds on first use, outside the timings

gz="$work/binance/btcusdt-x12.gz"
plain=("$work"/betfair-plain/*.jsonl)
bz=("$work"/betfair-bz2/*.bz2)

secs() {   # secs CMD...: wall seconds of one run, output discarded
  local t0 t1
  t0=$(date +%s%N)
  "$@" >/dev/null 2>/tmp/ladder-compare-err || { cat /tmp/ladder-compare-err >&2; echo "failed: $*" >&2; exit 1; }
  t1=$(date +%s%N)
  echo "scale=3; ($t1 - $t0) / 1000000000" | bc
}
serial_bzcat() { for f in "$@"; do bzcat "$f"; done; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

declare -A t
rows=(binance-gz betfair-plain betfair-bz2)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -r); load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "inputs: $gz ($(zcat "$gz" | wc -l) lines); ${#plain[@]} plain Betfair files ($(cat "${plain[@]}" | wc -l) lines); ${#bz[@]} .bz2 Betfair files ($(bzcat "${bz[@]}" | wc -l) lines)"
for ((r = 1; r <= rounds; r++)); do
  a=$(secs zcat "$gz");                                                  t[binance-gz,ref]+=" $a"
  b=$(secs "$ladder" book "$gz" --depth 20 --json);                      t[binance-gz,ladder]+=" $b"
  c=$(secs cat "${plain[@]}");                                           t[betfair-plain,ref]+=" $c"
  d=$(secs "$ladder" book --venue betfair --json "${plain[@]}");         t[betfair-plain,ladder]+=" $d"
  e=$(secs serial_bzcat "${bz[@]}");                                     t[betfair-bz2,ref]+=" $e"
  f=$(secs "$ladder" book --venue betfair --json "${bz[@]}");            t[betfair-bz2,ladder]+=" $f"
  echo "round $r: zcat $a  ladder-binance $b | cat $c  ladder-betfair-plain $d | bzcat $e  ladder-betfair-bz2 $f  (load $(cut -d' ' -f1 /proc/loadavg))"
done
printf '%-14s %10s %10s %8s\n' run ladder-s reference-s ratio
for row in "${rows[@]}"; do
  # shellcheck disable=SC2086
  l=$(median ${t[$row,ladder]}); x=$(median ${t[$row,ref]})
  printf '%-14s %10s %10s %8s\n' "$row" "$l" "$x" "$(echo "scale=2; $l / $x" | bc)"
done
echo "references: binance-gz = zcat of the file; betfair-plain = cat of the files; betfair-bz2 = bzcat of the files one after another"
