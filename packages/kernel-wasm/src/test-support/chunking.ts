/** Test helper: feeds bytes through an aggregator at given cut points and summarizes the result. */
import fc from "fast-check";
import { summarize } from "../conformance/run-conformance.ts";
import type { AggregateSpec, Aggregator } from "../types.ts";

/** Cut points in [1, length) (sorted, distinct), or every byte. */
export type Cuts = number[] | "bytes";

/** Random chunk boundaries: sometimes 1-byte chunks, otherwise a few random cuts. */
export const cutsArb: fc.Arbitrary<(length: number) => Cuts> = fc.oneof(
  fc.constant(() => "bytes" as const),
  fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }).map(
    (fracs) => (length: number) => [...new Set(fracs.map((f) => Math.floor(f * length)))].filter((c) => c > 0 && c < length).sort((a, b) => a - b),
  ),
);

export function feed(agg: Aggregator, bytes: Uint8Array, cuts: Cuts): string {
  if (cuts === "bytes") {
    for (let i = 0; i < bytes.length; i++) agg.push(bytes.subarray(i, i + 1));
  } else {
    let prev = 0;
    for (const c of [...cuts, bytes.length]) {
      agg.push(bytes.subarray(prev, c));
      prev = c;
    }
  }
  return summarize(agg.finish());
}

export interface Factory {
  createAggregator(spec: AggregateSpec, options?: { batchBytes?: number }): Aggregator;
}

/** Runs `bytes` through the reference (whole) and each kernel (chunked); all must agree exactly. */
export function agree(reference: Factory, kernels: Factory[], spec: AggregateSpec, bytes: Uint8Array, cuts: Cuts): void {
  const want = feed(reference.createAggregator(spec), bytes, []);
  const refChunked = feed(reference.createAggregator(spec), bytes, cuts);
  if (refChunked !== want) throw new Error(`reference differs when chunked:\n${want}\n${refChunked}`);
  for (const k of kernels) {
    for (const batchBytes of [1, undefined]) {
      const got = feed(k.createAggregator(spec, { batchBytes }), bytes, cuts);
      if (got !== want) throw new Error(`kernel differs (batchBytes ${batchBytes}):\nwant ${want}\ngot  ${got}`);
    }
  }
}
