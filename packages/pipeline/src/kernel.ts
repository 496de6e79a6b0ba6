/**
 * The one place this package imports the kernel's contract and decimal helpers from, so the
 * rest of the code never depends on how @tally/kernel-wasm lays out its entry points.
 */
export type { AggregateResult, AggregateSpec, Aggregator, Format, Group, Rejection } from "../../kernel-wasm/src/types.ts";
export { formatMinor, parseDecimal, rescaleHalfUp } from "../../kernel-wasm/src/decimal.ts";
