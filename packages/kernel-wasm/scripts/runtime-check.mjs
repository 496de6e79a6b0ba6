// Runs the bundled conformance check (build/runtime-check.js) under whatever runtime executes this
// file: `node scripts/runtime-check.mjs` or `deno run --allow-read scripts/runtime-check.mjs`.
import { readFile } from "node:fs/promises";

const build = new URL("../build/", import.meta.url);
const runtime = globalThis.Deno ? `deno ${Deno.version.deno}` : `node ${process.versions.node}`;
const { check } = await import(new URL("runtime-check.js", build).href);
const [simd, scalar] = await Promise.all(["kernel-simd.wasm", "kernel-scalar.wasm"].map(async (f) => new Uint8Array(await readFile(new URL(f, build)))));
const report = await check(simd, scalar);
for (const f of report.failures) console.error(`FAIL ${f}`);
console.log(`${runtime} (simd ${report.simdAvailable ? "on" : "off"}): ${report.passed} passed, ${report.failures.length} failed`);
if (report.failures.length > 0) (globalThis.Deno ? Deno.exit(1) : process.exit(1));
