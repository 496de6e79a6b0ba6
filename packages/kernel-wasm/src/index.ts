/**
 * @tally/kernel-wasm: the WebAssembly parse-and-aggregate kernel.
 *
 *   const kernel = await loadKernel({ simd: simdBytes, scalar: scalarBytes });
 *   const agg = kernel.createAggregator({ format: "csv", keys: ["company"], sum: "cost" });
 *   for await (const chunk of stream) agg.push(chunk);
 *   const { groups, rejections } = agg.finish();
 *
 * Bun/Node can use `@tally/kernel-wasm/disk` (loadKernelFromDisk). `@tally/kernel-wasm/reference`
 * is the test oracle only: production code uses the kernel, also for small inputs (instances are
 * pooled). Exact decimals (formatting, rescaling) live in `@tally/decimal`.
 */
export { loadKernel, DEFAULT_POOL_SIZE } from "./loader.ts";
export type { Kernel, KernelSource, LoadKernelOptions, MergeOptions, WasmSource } from "./loader.ts";
export type { GatherPlan, SortedEntries } from "./part-join.ts";
export { PARSE_PIECE, type AggregatorOptions } from "./kernel-aggregator.ts";
export type { AggregateSpec, AggregateResult, Aggregator, DirectInput, Format, Group, Rejection } from "./types.ts";
export { supportsDirectInput } from "./types.ts";
export { RawGroups } from "./raw-groups.ts";
export type { RenderedRows, RenderTarget, RowFormat, RowSink } from "./rendered-rows.ts";
export { normalizeSpec } from "./spec.ts";
export { PartAggregator, type PartResult, type ReadAt } from "./part-aggregator.ts";
export { findDataStart, type DataStart } from "./data-start.ts";
export { resolveParts, splitTargets, type RunPart } from "./part-plan.ts";
export { partCounts } from "./part-merge.ts";
export { createExchange, canExchange, type ExchangeSide } from "./part-exchange.ts";
export { sampleSplitKey, SPLIT_SAMPLE_BYTES } from "./part-split-key.ts";
export { reasonText } from "./reasons.ts";
export {
  JsonProjector, PROJECT_MAX_TEXT, FIELD_ABSENT, FIELD_STRING, FIELD_NUMBER, FIELD_TRUE, FIELD_FALSE, FIELD_NULL, type JsonProjectorOptions,
} from "./json-projector.ts";
export {
  KernelError, SpecError, UnknownColumnError, HeaderError, AggregatorStateError, KernelLoadError, KernelTrapError, ExchangeAbortedError,
} from "./errors.ts";
export { MAX_RECORD, REJECT_CAP, MAX_KEYS, MAX_SCALE } from "./constants.ts";
