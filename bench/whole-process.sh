#!/usr/bin/env bash
# Whole-process timing of `tally aggregate … --output jsonl` on the 100 MB billing CSV, beside
# `wc -l` on the same file and Bun's start-up, in one run. Medians of N runs (default 7).
# Usage: bash bench/whole-process.sh [runs]   (after `bun run bench:kernel` generated bench/data/)
set -euo pipefail
cd "$(dirname "$0")/.."
file=bench/data/billing-100mb.csv
[ -f "$file" ] || { echo "missing $file: run bun run bench:kernel first" >&2; exit 1; }
runs=${1:-7}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
bytes=$(stat -c %s "$file")
row() {
  local label=$1; shift
  local ms; ms=$(for _ in $(seq "$runs"); do time_ms "$@"; done | median)
  awk -v l="$label" -v ms="$ms" -v b="$bytes" 'BEGIN { printf "| %s | %d | %.0f |\n", l, ms, b / 1e6 / (ms / 1000) }'
}
echo "| whole process | median ms | MB/s |"
echo "| --- | ---: | ---: |"
row "tally aggregate --output jsonl (WASM kernel)" bun packages/cli/src/main.ts aggregate "$file" --format csv --key company --sum cost --output jsonl
row "wc -l" wc -l "$file"
row "bun -e 0 (runtime start-up)" bun -e 0
