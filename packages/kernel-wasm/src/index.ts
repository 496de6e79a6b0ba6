/**
 * @tally/kernel-wasm: the WebAssembly parse-and-aggregate kernel.
 *
 *   const kernel = await loadKernel({ simd: simdBytes, scalar: scalarBytes });
 *   const agg = kernel.createAggregator({ format: "csv", keys: ["company"], sum: "cost" });
 *   for await (const chunk of stream) agg.push(chunk);
 *   const { groups, rejections } = agg.finish();
 *
 * Bun/Node can use `@tally/kernel-wasm/disk` (loadKernelFromDisk); the oracle lives at
 * `@tally/kernel-wasm/reference`.
 */
export { loadKernel } from "./loader.ts";
export type { Kernel, KernelSource, LoadKernelOptions, WasmSource } from "./loader.ts";
export { PARSE_PIECE, type AggregatorOptions } from "./kernel-aggregator.ts";
export type { AggregateSpec, AggregateResult, Aggregator, DirectInput, Format, Group, Rejection } from "./types.ts";
export { supportsDirectInput } from "./types.ts";
export { parseDecimal, formatMinor, rescaleHalfUp } from "./decimal.ts";
export { normalizeSpec } from "./spec.ts";
export { reasonText } from "./reasons.ts";
export {
  KernelError, SpecError, UnknownColumnError, HeaderError, AggregatorStateError, KernelLoadError, KernelTrapError,
} from "./errors.ts";
export { MAX_RECORD, REJECT_CAP, MAX_KEYS, MAX_SCALE } from "./constants.ts";
