/**
 * Entry point bundled (target "browser", so no `node:` import can sneak in) by scripts/test-runtimes.ts
 * and run under Node and Deno: loads the kernel from bytes and from a precompiled module, then runs
 * the conformance cases on the SIMD and the scalar build.
 */
import { loadKernel } from "../loader.ts";
import { createReferenceAggregator } from "../reference/index.ts";
import { runConformance } from "./run-conformance.ts";

export interface RuntimeReport {
  passed: number;
  failures: string[];
  simdAvailable: boolean;
}

/** Runs every check; never throws (failures are listed). */
export async function check(simd: Uint8Array, scalar: Uint8Array): Promise<RuntimeReport> {
  const failures: string[] = [];
  let passed = 0;
  const tally = (name: string, r: { passed: number; failures: string[] }) => {
    passed += r.passed;
    failures.push(...r.failures.map((f) => `${name}: ${f}`));
  };
  const simdAvailable = WebAssembly.validate(simd);
  try {
    const picked = await loadKernel({ simd, scalar });
    if (picked.simd !== simdAvailable) failures.push(`pair loader picked simd=${picked.simd}, validate says ${simdAvailable}`);
    else passed++;
    tally(picked.simd ? "simd" : "scalar (simd unavailable)", runConformance(picked));
    const forced = await loadKernel({ simd, scalar }, { simd: false });
    tally("scalar", runConformance(forced));
    const precompiled = await loadKernel(await WebAssembly.compile(scalar));
    tally("precompiled module", runConformance(precompiled));
    tally("reference", runConformance({ createAggregator: (spec) => createReferenceAggregator(spec) }));
  } catch (e) {
    failures.push(`threw: ${e instanceof Error ? e.stack : String(e)}`);
  }
  return { passed, failures, simdAvailable };
}
