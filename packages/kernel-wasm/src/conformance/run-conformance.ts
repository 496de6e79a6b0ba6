/** Runs the conformance cases against a kernel with several chunkings; returns failure messages. */
import type { AggregateResult, AggregateSpec, Aggregator } from "../types.ts";
import { CASES } from "./cases.ts";

export interface AggregatorFactory {
  createAggregator(spec: AggregateSpec, options?: { batchBytes?: number }): Aggregator;
}

const encoder = new TextEncoder();

function run(factory: AggregatorFactory, spec: AggregateSpec, bytes: Uint8Array, chunk: number): AggregateResult {
  const agg = factory.createAggregator(spec, { batchBytes: chunk === 1 ? 1 : undefined });
  for (let i = 0; i < bytes.length; i += chunk) agg.push(bytes.subarray(i, i + chunk));
  return agg.finish();
}

/** Compact, comparable form of a result. */
export function summarize(r: AggregateResult): string {
  const groups = r.groups.map((g) => [...g.key, g.count, ...(g.sum === undefined ? [] : [g.sum.toString()])]);
  return JSON.stringify({ groups, rejections: r.rejections.map((x) => [x.line, x.reason]), rejected: r.rejectedCount, bytes: r.bytes });
}

/** Runs every case byte by byte, in 7-byte chunks and in 64 KiB chunks; returns the pass count and failure messages. */
export function runConformance(factory: AggregatorFactory): { passed: number; failures: string[] } {
  const failures: string[] = [];
  let passed = 0;
  for (const c of CASES) {
    const bytes = encoder.encode(c.input);
    const rejections = c.rejections ?? [];
    const want = JSON.stringify({ groups: c.groups, rejections, rejected: rejections.length, bytes: bytes.length });
    for (const chunk of [1, 7, 64 * 1024]) {
      let got: string;
      try {
        got = summarize(run(factory, c.spec, bytes, chunk));
      } catch (e) {
        got = `threw ${String(e)}`;
      }
      if (got === want) passed++;
      else failures.push(`${c.name} (chunks of ${chunk}):\n  want ${want}\n  got  ${got}`);
    }
  }
  return { passed, failures };
}
