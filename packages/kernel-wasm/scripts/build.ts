/**
 * Compiles assembly/ into build/kernel-simd.wasm and build/kernel-scalar.wasm with asc.
 * Idempotent: does nothing when both outputs are newer than every input.
 * Usage: bun scripts/build.ts [--force]
 */
import { mkdirSync, readdirSync, statSync, existsSync } from "node:fs";
import { join } from "node:path";
import { INITIAL_PAGES, MAX_PAGES } from "../src/constants.ts";

const root = join(import.meta.dir, "..");
const outDir = join(root, "build");
const inputs = [
  ...readdirSync(join(root, "assembly")).map((f) => join(root, "assembly", f)),
  join(root, "src", "constants.ts"),
  import.meta.path,
];
const variants = [
  { out: join(outDir, "kernel-simd.wasm"), flags: ["--enable", "simd"] },
  { out: join(outDir, "kernel-scalar.wasm"), flags: [] },
];

function upToDate(out: string): boolean {
  if (!existsSync(out)) return false;
  const built = statSync(out).mtimeMs;
  return inputs.every((f) => statSync(f).mtimeMs <= built);
}

const force = process.argv.includes("--force");
const stale = variants.filter((v) => force || !upToDate(v.out));
// The compiler is only loaded when there is something to compile: an up-to-date check stays instant.
const asc = stale.length > 0 ? (await import("assemblyscript/asc")).default : null;
mkdirSync(outDir, { recursive: true });
for (const v of stale) {
  const started = performance.now();
  const { error, stderr } = await asc!.main([
    join(root, "assembly", "index.ts"),
    "-O3",
    "--runtime", "stub",
    // No abort import: a failed assertion would be a kernel bug and traps as `unreachable`.
    "--use", "abort=",
    "--initialMemory", String(INITIAL_PAGES),
    "--maximumMemory", String(MAX_PAGES),
    // Shared memory (a SharedArrayBuffer): a Worker's part hands its group table to the merging thread
    // as a view, with no copy (see PartAggregator.end).
    "--enable", "threads",
    "--sharedMemory",
    ...v.flags,
    "--outFile", v.out,
  ]);
  if (error) {
    console.error(stderr.toString());
    throw error;
  }
  const warnings = stderr.toString().trim();
  if (warnings) console.error(warnings);
  console.log(`built ${v.out.slice(root.length + 1)} in ${Math.round(performance.now() - started)} ms`);
}
