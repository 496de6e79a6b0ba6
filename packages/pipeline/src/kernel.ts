/**
 * The one place this package imports the kernel's contract and errors from (@tally/kernel-wasm),
 * so the rest of the code has a single seam to the kernel.
 */
export type { AggregateResult, AggregateSpec, Aggregator, DirectInput, Format, Group, Rejection } from "@tally/kernel-wasm";
export { supportsDirectInput, KernelError, SpecError, KernelTrapError } from "@tally/kernel-wasm";
