/**
 * The measuring half of bench/whole-process.sh: per file, every command once per round (interleaved, so
 * a load change hits them all), medians over the rounds, ratios within the run. Prints a Markdown table.
 * Usage: bun bench/whole-process.ts [runs]
 */
import { cpus, loadavg } from "node:os";
import { statSync } from "node:fs";
import { BILLING_CSV, KEYS_CSV, QUOTED_CSV, SHORT_CSV } from "./generate-data.ts";
import { median } from "./interleaved-ab.ts";

const runs = Number(process.argv[2] ?? 5);
const cores = navigator.hardwareConcurrency;
const PY = ".stack/bench-venv/bin/python";
const files = [
  ["short `service,cost,company` (~19 B/row, 26 keys)", SHORT_CSV],
  ["40 B/row, 1 in 50 company quoted (2.7k keys)", QUOTED_CSV],
  ["billing 80 B/row (500 keys)", BILLING_CSV],
  ["short shape, 463k keys", KEYS_CSV],
] as const;

interface Cmd {
  label: string;
  argv: (file: string) => string[];
  /** Reports its own query time on stderr (`query_ms=N`). */
  query?: boolean;
}
const tally = (t: number): Cmd => ({
  label: `tally aggregate --threads ${t}`,
  argv: (f) => ["bun", "packages/cli/bin/tally.ts", "aggregate", f, "--format", "csv", "--key", "company", "--sum", "cost", "--output", "jsonl", "--threads", String(t)],
});
const py = (engine: string, t: number): Cmd => ({ label: `${engine} ${t} thread${t > 1 ? "s" : ""}`, argv: (f) => [PY, "bench/python/group-sum.py", engine, f, String(t)], query: true });
const cmds: Cmd[] = [
  tally(1), tally(cores), py("polars", 1), py("polars", cores), py("duckdb", 1), py("duckdb", cores),
  { label: "wc -l", argv: (f) => ["wc", "-l", f] },
];

function time(argv: string[]): { ms: number; query?: number } {
  const t = performance.now();
  const r = Bun.spawnSync(argv, { stdout: "ignore", stderr: "pipe" });
  const ms = performance.now() - t;
  if (r.exitCode !== 0) throw new Error(`${argv.join(" ")} failed: ${r.stderr.toString()}`);
  const q = /query_ms=([\d.]+)/.exec(r.stderr.toString());
  return { ms, query: q ? Number(q[1]) : undefined };
}

const cpu = cpus()[0]?.model ?? "unknown CPU";
console.log(`${cpu}, ${cores} cores; load average at start ${loadavg().map((l) => l.toFixed(2)).join(" ")}; ${runs} rounds, medians\n`);
const startup = median(Array.from({ length: runs }, () => time(["bun", "-e", "0"]).ms));
for (const [name, file] of files) {
  const mb = statSync(file).size / 1e6;
  const whole = cmds.map(() => [] as number[]);
  const query = cmds.map(() => [] as number[]);
  for (const c of cmds) time(c.argv(file)); // warm the page cache and the venv's imports
  for (let r = 0; r < runs; r++) {
    cmds.forEach((c, i) => {
      const t = time(c.argv(file));
      whole[i]!.push(t.ms);
      if (t.query !== undefined) query[i]!.push(t.query);
    });
  }
  const w = whole.map(median);
  const q = query.map((xs) => (xs.length ? median(xs) : NaN));
  console.log(`### ${name}: ${file.replace(/.*\//, "")} (${mb.toFixed(1)} MB)\n`);
  console.log("| command | whole process ms | MB/s | query ms (start-up excluded) |");
  console.log("| --- | ---: | ---: | ---: |");
  cmds.forEach((c, i) => console.log(`| ${c.label} | ${w[i]!.toFixed(0)} | ${(mb / (w[i]! / 1000)).toFixed(0)} | ${Number.isNaN(q[i]) ? "" : q[i]!.toFixed(0)} |`));
  const best = Math.min(q[3]!, q[5]!);
  const fastest = q[3]! <= q[5]! ? "Polars" : "DuckDB";
  console.log(`\ntally --threads ${cores} (whole process) vs ${fastest} ${cores} threads (query only): ${(best / w[1]!).toFixed(2)}x; ` +
    `throughput vs wc -l: ${(w[6]! / w[1]!).toFixed(2)}x; 1 → ${cores} threads: ${(w[0]! / w[1]!).toFixed(2)}x\n`);
}
console.log(`bun -e 0 (runtime start-up): ${startup.toFixed(0)} ms; load average at end ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
