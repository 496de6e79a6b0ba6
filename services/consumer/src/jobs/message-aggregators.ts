import type { AggregateSpec, Aggregator, Kernel } from "@tally/kernel-wasm";
import { createReferenceAggregator } from "@tally/kernel-wasm/reference";

/**
 * Messages below this size go through the reference implementation: a kernel aggregator is a fresh
 * WASM instance (≈2.5 ms to set up here), which costs more than parsing a few KB in TypeScript.
 * Both implement the same exact contract (the kernel is tested against the reference).
 */
export const KERNEL_MIN_BYTES = 256 * 1024;

/** An aggregator factory by message size: the kernel for big messages, the reference for small ones. */
export function messageAggregators(kernel: Pick<Kernel, "createAggregator">, minKernelBytes = KERNEL_MIN_BYTES) {
  return (spec: AggregateSpec, bytes: number): Aggregator => (bytes >= minKernelBytes ? kernel.createAggregator(spec) : createReferenceAggregator(spec));
}
