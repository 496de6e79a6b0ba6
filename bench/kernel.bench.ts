/**
 * Kernel benchmark (`bun run bench:kernel`): one run compares, on the same in-memory files,
 *   kernel SIMD · kernel scalar · the TS reference · a csv-parse / JSON.parse implementation · a plain JS byte loop
 * for a 100 MB billing CSV (sum cost per company) and 1M NDJSON login events (count per device_type, locale).
 * Inputs are generated once into bench/data/. `--write` updates the Kernel section of bench/RESULTS.md.
 * Medians over several iterations; the machine is shared, so compare ratios rather than absolutes.
 */
import { readFileSync } from "node:fs";
import { Bench } from "tinybench";
import { loadKernelFromDisk } from "@tally/kernel-wasm/disk";
import { createReferenceAggregator } from "@tally/kernel-wasm/reference";
import type { AggregateSpec, Aggregator } from "@tally/kernel-wasm";
import { BILLING_CSV, LOGINS_NDJSON, ensureBenchData } from "./generate-data.ts";
import { csvParseAggregate, jsonParseAggregate, jsByteLoop } from "./kernel-baselines.ts";
import { environment, writeKernelSection, type Row } from "./kernel-report.ts";

const CHUNK = 4 * 1024 * 1024;

function viaAggregator(make: () => Aggregator, data: Uint8Array): number {
  const agg = make();
  for (let i = 0; i < data.length; i += CHUNK) agg.push(data.subarray(i, i + CHUNK));
  const r = agg.finish();
  return r.records + r.rejectedCount;
}

ensureBenchData();
const simd = await loadKernelFromDisk({ simd: true });
const scalar = await loadKernelFromDisk({ simd: false });
const files = {
  csv: new Uint8Array(readFileSync(BILLING_CSV)),
  ndjson: new Uint8Array(readFileSync(LOGINS_NDJSON)),
};
const specs: Record<"csv" | "ndjson", AggregateSpec> = {
  csv: { format: "csv", keys: ["company"], sum: "cost" },
  ndjson: { format: "ndjson", keys: ["device_type", "locale"] },
};

interface Impl {
  name: string;
  slow?: boolean;
  run(format: "csv" | "ndjson", data: Uint8Array): number | Promise<number>;
}

const impls: Impl[] = [
  { name: "kernel SIMD", run: (f, d) => viaAggregator(() => simd.createAggregator(specs[f]), d) },
  { name: "kernel scalar", run: (f, d) => viaAggregator(() => scalar.createAggregator(specs[f]), d) },
  { name: "reference (TS oracle)", slow: true, run: (f, d) => viaAggregator(() => createReferenceAggregator(specs[f]), d) },
  { name: "csv-parse / JSON.parse", slow: true, run: (f, d) => (f === "csv" ? csvParseAggregate(d, CHUNK) : jsonParseAggregate(d, CHUNK)) },
  { name: "plain JS byte loop (scan only)", run: (_f, d) => jsByteLoop(d) },
];

const rows: Row[] = [];
for (const format of ["csv", "ndjson"] as const) {
  const data = files[format];
  const records = await impls[0]!.run(format, data);
  for (const impl of impls) {
    const bench = new Bench({ iterations: impl.slow ? 3 : 9, warmupIterations: impl.slow ? 1 : 2, time: 0, warmupTime: 0 });
    let last = 0;
    bench.add(impl.name, async () => {
      last = await impl.run(format, data);
    });
    await bench.run();
    const result = bench.tasks[0]!.result;
    if (result.state !== "completed") throw new Error(`${impl.name}: ${result.state}`);
    const ms = result.latency.p50;
    rows.push({ format, name: impl.name, ms, mbPerS: data.length / 1e6 / (ms / 1000), rowsPerS: records / (ms / 1000), records: last });
    console.log(`${format.padEnd(7)} ${impl.name.padEnd(32)} ${ms.toFixed(1).padStart(9)} ms  ${(data.length / 1e6 / (ms / 1000)).toFixed(0).padStart(6)} MB/s`);
  }
}

const env = environment(files.csv.length, files.ndjson.length);
console.log(env);
if (process.argv.includes("--write")) writeKernelSection(rows, env);
