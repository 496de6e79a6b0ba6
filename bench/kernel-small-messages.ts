/**
 * Per-message cost of an aggregator on a small input: create + push ~1 kB of api-log lines + finish,
 * the WASM kernel (`kernel.createAggregator`) against the TS reference (`createReferenceAggregator`),
 * as the consumer does for each Kafka message. Also times a bare `new WebAssembly.Instance` (what
 * every kernel aggregator paid before instances were pooled).
 * Usage: bun bench/kernel-small-messages.ts [rounds] [opsPerRound] [--scalar]
 * Each round times `opsPerRound` messages back to back per variant (interleaved A/B, alternating
 * which goes first); medians are per message. Checks both give identical results first.
 */
import type { AggregateSpec, Aggregator } from "@tally/kernel-wasm";
import { loadKernelFromDisk } from "@tally/kernel-wasm/disk";
import { createReferenceAggregator } from "@tally/kernel-wasm/reference";
import { interleaved, median } from "./interleaved-ab.ts";

const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const rounds = Number(args[0] ?? 21);
const ops = Number(args[1] ?? 200);
const spec: AggregateSpec = { format: "log", fields: 5, keys: [1, 2], sum: 4, suffix: "ms", scale: 0 };

/** ~1 kB of lines like `2025-05-02T23:16:50Z user115 login 200 1568ms` (deterministic). */
function message(target = 1024): Uint8Array {
  const actions = ["login", "logout", "search", "checkout", "view"];
  let seed = 12345;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
  let text = "";
  for (let i = 0; text.length < target; i++) {
    const t = new Date(Date.UTC(2025, 4, 2, 23, 16, 50) + i * 1000).toISOString().replace(".000", "");
    const line = `${t} user${100 + rnd(40)} ${actions[rnd(actions.length)]} ${[200, 200, 200, 404, 500][rnd(5)]} ${1 + rnd(3000)}ms\n`;
    if (text.length + line.length > target) break;
    text += line;
  }
  return new TextEncoder().encode(text);
}

const msg = message();
const kernel = await loadKernelFromDisk({ simd: process.argv.includes("--scalar") ? false : undefined });

function once(make: (s: AggregateSpec) => Aggregator): string {
  const agg = make(spec);
  agg.push(msg);
  const r = agg.finish();
  return JSON.stringify([r.records, r.rejectedCount, r.groups.map((g) => [g.key, g.count, String(g.sum)])]);
}

const viaKernel = (s: AggregateSpec) => kernel.createAggregator(s);
const viaReference = (s: AggregateSpec) => createReferenceAggregator(s);
const want = once(viaReference);
if (once(viaKernel) !== want) throw new Error("kernel and reference disagree on the message");

/** Microseconds per message over `ops` messages. */
function timed(make: (s: AggregateSpec) => Aggregator): number {
  let sink = 0;
  const t = performance.now();
  for (let i = 0; i < ops; i++) {
    const agg = make(spec);
    agg.push(msg);
    sink += agg.finish().records;
  }
  const us = ((performance.now() - t) * 1000) / ops;
  if (sink !== ops * JSON.parse(want)[0]) throw new Error("lost records");
  return us;
}

// Warm-up (JIT tiers of both the TS and the wasm code).
for (let i = 0; i < 5; i++) {
  timed(viaKernel);
  timed(viaReference);
}
const t = interleaved(rounds, () => timed(viaKernel), () => timed(viaReference));

const instUs: number[] = [];
for (let r = 0; r < Math.min(rounds, 9); r++) {
  const n = 20;
  const s = performance.now();
  for (let i = 0; i < n; i++) new WebAssembly.Instance(kernel.module, {});
  instUs.push(((performance.now() - s) * 1000) / n);
}

const lines = msg.reduce((n, b) => n + (b === 10 ? 1 : 0), 0);
console.log(`message: ${msg.length} bytes, ${lines} lines; kernel ${kernel.simd ? "SIMD" : "scalar"}; ${rounds} rounds x ${ops} messages`);
console.log(`kernel.createAggregator + push + finish: median ${median(t.a).toFixed(1)} µs/message`);
console.log(`createReferenceAggregator + push + finish: median ${median(t.b).toFixed(1)} µs/message`);
console.log(`ratio kernel/reference (median of per-round ratios): ${median(t.ratios).toFixed(3)} (< 1: kernel faster)`);
console.log(`new WebAssembly.Instance alone: median ${median(instUs).toFixed(1)} µs`);
