/**
 * Bundles the CLI for a faster start (`bun run build` runs it after the kernel's build): src/main.ts
 * and the pipeline's aggregate Worker into build/ as minified JS for Bun, one file each plus shared
 * chunks, instead of ~80 TypeScript modules resolved and transpiled at every start (~10-16 ms of a
 * `tally aggregate` here). build/sources.json records what went in; bin/tally.ts runs the bundle only
 * while it is newer than all of that (bundle-freshness.ts), else the sources.
 * Usage: bun scripts/build.ts [--force]
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { bundleIsFresh, SOURCES_FILE, type BundleSources } from "../src/bundle-freshness.ts";

const root = join(import.meta.dir, "..");
const repo = join(root, "..", "..");
const out = join(root, "build");
const outUrl = new URL(`file://${out}/`);

if (!process.argv.includes("--force") && bundleIsFresh(outUrl)) process.exit(0);
const started = Date.now();
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const result = await Bun.build({
  // The Worker entry is found at run time as ./aggregate-worker.js beside the chunk that starts it
  // (worker-pool.ts): under the sources Bun resolves that name to the .ts file.
  entrypoints: [join(root, "src", "main.ts"), join(repo, "packages", "pipeline", "src", "io", "file", "aggregate-worker.ts")],
  outdir: out,
  target: "bun",
  splitting: true,
  minify: true,
  naming: { entry: "[name].[ext]", chunk: "chunk-[hash].[ext]" },
  metafile: true,
} as Parameters<typeof Bun.build>[0]);
if (!result.success) {
  for (const log of result.logs) console.error(log);
  rmSync(out, { recursive: true, force: true });
  process.exit(1);
}
const inputs = Object.keys((result as unknown as { metafile: { inputs: Record<string, unknown> } }).metafile.inputs);
// Workspace files only (packages from the registry change only with bun.lock, which is listed instead).
// The metafile's paths are relative to the working directory (the package's under `bun run build`).
const files = [...inputs.filter((p) => !p.includes("node_modules/")).map((p) => resolve(p)), join(repo, "bun.lock"), join(repo, "package.json")];
const sources: BundleSources = { builtMs: started, files };
writeFileSync(join(out, SOURCES_FILE), JSON.stringify(sources));
console.log(`built packages/cli/build/ (${result.outputs.length} files, ${files.length} sources) in ${Date.now() - started} ms`);
