/**
 * Edge compatibility: bundles src/conformance/runtime-check.ts for the browser target (proving the
 * loader needs no `node:` modules) and runs the conformance cases under Node and Deno.
 * Usage: bun scripts/test-runtimes.ts   (after `bun run build`)
 */
import { join } from "node:path";
import { runRuntimes } from "./run-runtimes.ts";

const root = join(import.meta.dir, "..");
const out = await Bun.build({
  entrypoints: [join(root, "src", "conformance", "runtime-check.ts")],
  outdir: join(root, "build"),
  naming: "runtime-check.js",
  target: "browser",
  format: "esm",
});
if (!out.success) {
  for (const log of out.logs) console.error(log);
  process.exit(1);
}

const deno = join(root, "node_modules", ".bin", "deno");
const runs: [string, string[]][] = [
  ["node", ["node", join(root, "scripts", "runtime-check.mjs")]],
  ["deno", [deno, "run", "--quiet", "--no-prompt", `--allow-read=${root}`, join(root, "scripts", "runtime-check.mjs")]],
];
const failed = runRuntimes(runs);
console.log(`runtimes: ${runs.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
