#!/usr/bin/env bash
# Whole-process timing of `tally aggregate FILE --format csv --key company --sum cost --output jsonl`
# (1 thread and all cores) beside Polars and DuckDB doing the same query (1 thread and all cores; whole
# process and query time), `wc -l` and Bun's start-up, on four files generated from fixed seeds
# (bench/generate-data.ts). Polars and DuckDB come from PyPI into a venv under .stack/ (python3 >= 3.9).
# Usage: bash bench/whole-process.sh [runs]   (default 5; medians; commands interleaved run by run)
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.stack/bench-venv
req=bench/python/requirements.txt
if [ ! -x "$venv/bin/python" ] || ! cmp -s "$req" "$venv/requirements.txt"; then
  echo "installing Polars and DuckDB into $venv (PyPI) …" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$req"
  cp "$req" "$venv/requirements.txt"
fi
bun bench/generate-data.ts
bun run build >/dev/null
exec bun bench/whole-process.ts "${1:-5}"
