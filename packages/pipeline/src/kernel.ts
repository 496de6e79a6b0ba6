/**
 * The one place this package imports the kernel's contract and errors from (@tally/kernel-wasm),
 * so the rest of the code has a single seam to the kernel.
 */
export type { AggregateResult, AggregateSpec, Aggregator, DirectInput, ExchangeSide, Format, Group, Kernel, PartAggregator, PartResult, Rejection, RenderedRows, RenderTarget, RowFormat, SortedEntries } from "@tally/kernel-wasm";
export { supportsDirectInput, normalizeSpec, KernelError, SpecError, KernelTrapError, HeaderError, UnknownColumnError } from "@tally/kernel-wasm";
// Splitting a file into parts aggregated apart and merged (io/file/parallel-aggregate.ts).
export { findDataStart, MAX_RECORD, PARSE_PIECE, resolveParts, splitTargets } from "@tally/kernel-wasm";
// The key-range exchange between two parts (io/file/exchange-aggregate.ts).
export { createExchange, ExchangeAbortedError, partCounts, sampleSplitKey, SPLIT_SAMPLE_BYTES } from "@tally/kernel-wasm";
