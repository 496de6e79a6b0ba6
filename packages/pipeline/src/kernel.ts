/**
 * The one place this package imports the kernel's contract and errors from (@tally/kernel-wasm),
 * so the rest of the code has a single seam to the kernel.
 */
export type { AggregateResult, AggregateSpec, Aggregator, DirectInput, Format, Group, Kernel, PartAggregator, PartResult, Rejection, RenderTarget, SortedEntries } from "@tally/kernel-wasm";
export { supportsDirectInput, normalizeSpec, KernelError, SpecError, KernelTrapError, HeaderError, UnknownColumnError } from "@tally/kernel-wasm";
// Splitting a file into parts aggregated apart and merged (io/file/parallel-aggregate.ts).
export { findDataStart, MAX_RECORD, PARSE_PIECE, resolveParts, splitTargets } from "@tally/kernel-wasm";
