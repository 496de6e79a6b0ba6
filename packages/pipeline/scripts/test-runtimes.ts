/**
 * Files split for threads on other runtimes: bundles scripts/parallel-runtime-check.ts with the aggregate
 * Worker (as the CLI's build does, but for Node's and Deno's module loaders) into build/runtime-check/
 * and runs it under Deno (Web Workers: the file is split and merged) and Node (no global Worker: one
 * thread). Each prints `<runtime> (…): N passed, M failed`.
 * Usage: bun scripts/test-runtimes.ts   (after `bun run build` in packages/kernel-wasm)
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { runRuntimes } from "@tally/kernel-wasm/run-runtimes";

const root = join(import.meta.dir, "..");
// Inside the package: the Worker finds @tally/kernel-wasm's build/ through this package's node_modules.
const out = join(root, "build", "runtime-check");
rmSync(out, { recursive: true, force: true });
const built = await Bun.build({
  // The Worker is found at run time as ./aggregate-worker.js beside the chunk that starts it.
  entrypoints: [join(root, "scripts", "parallel-runtime-check.ts"), join(root, "src", "io", "file", "aggregate-worker.ts")],
  outdir: out,
  target: "node",
  format: "esm",
  splitting: true,
  naming: { entry: "[name].js", chunk: "chunk-[hash].js" },
});
if (!built.success) {
  for (const log of built.logs) console.error(log);
  process.exit(1);
}

const simd = join(root, "..", "kernel-wasm", "build", "kernel-simd.wasm");
// .js files of this package are ES modules to Node ("type": "module").
const check = join(out, "parallel-runtime-check.js");
const deno = join(root, "node_modules", ".bin", "deno");
const runs: [string, string[]][] = [
  ["deno", [deno, "run", "--quiet", "--no-prompt", "--allow-read", "--allow-write", "--allow-env", check, simd]],
  ["node", ["node", check, simd]],
];
const failed = runRuntimes(runs);
process.exit(failed === 0 ? 0 : 1);
