import type { Kernel } from "@tally/kernel-wasm";
import { analyseLines, type AnalysedLines } from "./employee-lines.ts";
import { analyseLinesKernel } from "./employee-lines-kernel.ts";

/**
 * Messages from this many bytes on are read through the kernel path. Below it the kernel's fixed
 * cost per message (~7–16 µs: an aggregator, the checks, reading the groups) is more than the JS path
 * saves: bench/employees-kernel.ts measured the crossover at 8–16 generated records (~230 bytes
 * each) on the shared host, so from ~17 records on the kernel is ahead in every run —
 * bench/RESULTS.md, "Employees job: the kernel path".
 */
export const KERNEL_MIN_BYTES = 4096;

/**
 * One stream message's figures and refused lines: through the WASM kernel when the message is big
 * enough to pay for it and the kernel path takes it, else one JSON.parse per line. Either way the
 * same result (employee-lines-kernel.property.test.ts).
 */
export function analyseMessage(kernel: Pick<Kernel, "createAggregator">, value: Buffer | null): AnalysedLines {
  if (value && value.length >= KERNEL_MIN_BYTES) {
    const viaKernel = analyseLinesKernel(kernel, value);
    if (viaKernel) return viaKernel;
  }
  return analyseLines(value?.toString("utf8") ?? "");
}
