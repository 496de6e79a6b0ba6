/**
 * Interleaved A/B of the kernel aggregator's `pieceBytes` (how much is copied or read into WASM
 * memory before each parse) on the billing CSV aggregate: whole 4 MiB pieces against the default.
 * Usage: bun bench/kernel-piece-ab.ts [rounds]
 * Two inputs: 4 MiB chunks pushed from a JS buffer, and the file read straight into the kernel's
 * input region (`inputSpace()`/`pushWritten`, as aggregateFile does). Checks identical results.
 */
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { PARSE_PIECE, supportsDirectInput } from "@tally/kernel-wasm";
import type { AggregateSpec, Aggregator } from "@tally/kernel-wasm";
import { loadKernelFromDisk } from "@tally/kernel-wasm/disk";
import { BILLING_CSV, ensureBenchData } from "./generate-data.ts";
import { interleaved, median } from "./interleaved-ab.ts";

const rounds = Number(process.argv[2] ?? 15);
ensureBenchData();
const data = new Uint8Array(readFileSync(BILLING_CSV));
const spec: AggregateSpec = { format: "csv", keys: ["company"], sum: "cost", scale: 2 };
const CHUNK = 4 * 1024 * 1024;
const kernel = await loadKernelFromDisk();

function fromMemory(agg: Aggregator): void {
  for (let i = 0; i < data.length; i += CHUNK) agg.push(data.subarray(i, i + CHUNK));
}

function fromFile(agg: Aggregator): void {
  if (!supportsDirectInput(agg)) throw new Error("kernel aggregator without DirectInput");
  const fd = openSync(BILLING_CSV, "r");
  try {
    for (;;) {
      const space = agg.inputSpace();
      const view = space.subarray(0, Math.min(space.length, CHUNK));
      const n = readSync(fd, view, 0, view.length, null);
      if (n === 0) break;
      agg.pushWritten(n);
    }
  } finally {
    closeSync(fd);
  }
}

function run(piece: number, feed: (agg: Aggregator) => void): { ms: number; digest: string } {
  const t = performance.now();
  const agg = kernel.createAggregator(spec, { pieceBytes: piece });
  feed(agg);
  const r = agg.finish();
  const ms = performance.now() - t;
  return { ms, digest: JSON.stringify([r.records, r.rejectedCount, r.groups.map((g) => [g.key, g.count, String(g.sum)])]) };
}

const mbs = (ms: number) => (data.length / 1e6 / (ms / 1000)).toFixed(0);
const variants: [string, number][] = [["A 4 MiB pieces", CHUNK], [`B ${PARSE_PIECE / 1024} KiB pieces`, PARSE_PIECE]];
for (const [input, feed] of [["in-memory push", fromMemory], ["file into WASM memory", fromFile]] as const) {
  const digests = new Set(variants.map(([, p]) => run(p, feed).digest));
  if (digests.size !== 1) throw new Error(`${input}: A and B disagree`);
  const t = interleaved(rounds, () => run(variants[0]![1], feed).ms, () => run(variants[1]![1], feed).ms);
  const times = [t.a, t.b];
  const ratios = t.ratios;
  console.log(`${input}:`);
  variants.forEach(([name], v) => console.log(`  ${name}: median ${median(times[v]!).toFixed(1)} ms (${mbs(median(times[v]!))} MB/s)`));
  console.log(`  A/B per-round ratio median ${median(ratios).toFixed(3)} (>1: B faster), rounds ${rounds}`);
}
