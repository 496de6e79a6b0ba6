"""Polars or DuckDB doing what `tally aggregate FILE --format csv --key company --sum cost --output jsonl`
does: per-company count and exact decimal sum of cost, sorted by company, one JSON line per group on stdout.
Prints the query time (scan + group + sum, start-up and output excluded) to stderr as `query_ms=N`.
Usage: group-sum.py polars|duckdb FILE THREADS   (bench/whole-process.sh runs it from .stack/bench-venv)."""
import json
import os
import sys
import time

engine, path, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])

if engine == "polars":
    os.environ["POLARS_MAX_THREADS"] = str(threads)  # read once, at import
    import polars as pl

    started = time.perf_counter()
    df = (
        pl.scan_csv(path, schema_overrides={"cost": pl.Decimal(18, 2)})
        .group_by("company")
        .agg(pl.len().alias("count"), pl.col("cost").sum().alias("sum"))
        .collect()
    )
    query_ms = (time.perf_counter() - started) * 1000
    rows = sorted(df.iter_rows(), key=lambda r: r[0].encode())
elif engine == "duckdb":
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    started = time.perf_counter()
    rows = con.execute(
        "SELECT company, count(*), sum(cost) FROM read_csv(?, header = true, types = {'cost': 'DECIMAL(18,2)'}) GROUP BY company",
        [path],
    ).fetchall()
    query_ms = (time.perf_counter() - started) * 1000
    rows.sort(key=lambda r: r[0].encode())
else:
    sys.exit(f"unknown engine {engine}")

out = sys.stdout
for company, count, total in rows:
    out.write(json.dumps({"key": [company], "count": count, "sum": f"{total:.2f}"}, separators=(",", ":"), ensure_ascii=False) + "\n")
print(f"query_ms={query_ms:.1f}", file=sys.stderr)
