/**
 * Interleaved A/B timing of two kernel builds on the billing CSV aggregate (sum cost per company).
 * Usage: bun bench/kernel-csv-ab.ts <a.wasm> <b.wasm> [rounds] [--count | --keys a,b [--no-sum]] [--file PATH]
 * (default file: bench/data/billing-100mb.csv).
 * Runs A and B alternately (order flipped every round) on the same in-memory file and prints medians
 * and the median of per-round ratios, and each build's parse-and-aggregate phase (its pushes) apart from
 * finish(); checks that both give identical results.
 */
import { readFileSync } from "node:fs";
import { loadKernel } from "@tally/kernel-wasm";
import type { AggregateSpec, Kernel } from "@tally/kernel-wasm";
import { BILLING_CSV, ensureBenchData } from "./generate-data.ts";
import { interleaved, median } from "./interleaved-ab.ts";

const [aPath, bPath, roundsArg] = process.argv.slice(2).filter((a, i, all) => !a.startsWith("--") && all[i - 1] !== "--keys" && all[i - 1] !== "--file");
if (!aPath || !bPath) throw new Error("usage: bun bench/kernel-csv-ab.ts <a.wasm> <b.wasm> [rounds] [--count]");
const rounds = Number(roundsArg ?? 15);
const countOnly = process.argv.includes("--count");
const keysAt = process.argv.indexOf("--keys");
const keys = keysAt > 0 ? process.argv[keysAt + 1]!.split(",") : ["company"];
const noSum = process.argv.includes("--no-sum");
ensureBenchData();
const fileAt = process.argv.indexOf("--file");
const data = new Uint8Array(readFileSync(fileAt > 0 ? process.argv[fileAt + 1]! : BILLING_CSV));
const spec: AggregateSpec = countOnly ? { format: "csv", keys: [] } : noSum ? { format: "csv", keys } : { format: "csv", keys, sum: "cost", scale: 2 };
const CHUNK = 4 * 1024 * 1024;

const load = async (p: string) => loadKernel(new Uint8Array(readFileSync(p)));
const kernels: [string, Kernel][] = [["A", await load(aPath)], ["B", await load(bPath)]];

function run(k: Kernel): { ms: number; pushMs: number; digest: string; records: number } {
  const t = performance.now();
  const agg = k.createAggregator(spec);
  for (let i = 0; i < data.length; i += CHUNK) agg.push(data.subarray(i, i + CHUNK));
  const pushMs = performance.now() - t;
  const r = agg.finish();
  const ms = performance.now() - t;
  const digest = JSON.stringify([r.records, r.rejectedCount, r.rejections, r.groups.map((g) => [g.key, g.count, String(g.sum)])]);
  return { ms, pushMs, digest, records: r.records };
}

// Warm-up and equality check.
const d0 = run(kernels[0]![1]).digest;
const d1 = run(kernels[1]![1]).digest;
if (d0 !== d1 && !process.argv.includes("--no-check")) throw new Error("A and B disagree");
run(kernels[0]![1]);
run(kernels[1]![1]);

// The parse-and-aggregate phase (every push) apart from finish(), which reads the groups out as JS
// objects (with 463k groups that drain is a third of the run; the CLI writes rows from the kernel instead).
const pushes: Record<string, number[]> = { A: [], B: [] };
const timed = (n: "A" | "B", k: Kernel) => () => {
  const r = run(k);
  pushes[n]!.push(r.pushMs);
  return r.ms;
};
const t = interleaved(rounds, timed("A", kernels[0]![1]), timed("B", kernels[1]![1]));
const times: Record<string, number[]> = { A: t.a, B: t.b };
const ratios = t.ratios;
const mbs = (ms: number) => (data.length / 1e6 / (ms / 1000)).toFixed(0);
for (const n of ["A", "B"]) {
  const m = median(times[n]!);
  console.log(`${n}: median ${m.toFixed(1)} ms (${mbs(m)} MB/s), min ${Math.min(...times[n]!).toFixed(1)} ms (${mbs(Math.min(...times[n]!))} MB/s)`);
}
const recs = run(kernels[0]![1]).records;
const nsPerRecord = (ms: number) => ((ms * 1e6) / recs).toFixed(1);
for (const n of ["A", "B"]) {
  const m = median(pushes[n]!);
  console.log(`${n}: ${nsPerRecord(median(times[n]!))} ns per record (${recs} records); parse and aggregate (the pushes, without finish) median ${m.toFixed(1)} ms (${mbs(m)} MB/s, ${nsPerRecord(m)} ns per record)`);
}
console.log(`A/B per-round ratio median ${median(ratios).toFixed(3)} (>1: B faster), rounds ${rounds}, spec ${JSON.stringify(spec)}`);
