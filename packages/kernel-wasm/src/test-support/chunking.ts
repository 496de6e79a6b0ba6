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

/**
 * Pushes `bytes` cut at `cuts`, each piece copied into one scratch buffer that is scribbled over
 * after every push: the streaming contract lets callers reuse their chunk buffer, so an aggregator
 * that keeps a reference to a pushed chunk instead of copying it fails here.
 */
export function feed(agg: Aggregator, bytes: Uint8Array, cuts: Cuts): string {
  const bounds = cuts === "bytes" ? Array.from({ length: bytes.length }, (_, i) => i + 1) : [...cuts, bytes.length];
  const scratch = new Uint8Array(Math.max(1, bytes.length));
  let prev = 0;
  for (const c of bounds) {
    const piece = scratch.subarray(0, c - prev);
    piece.set(bytes.subarray(prev, c));
    agg.push(piece);
    piece.fill(0x7e); // '~': any retained view now reads garbage
    prev = c;
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
