/** Test helper: both kernel builds, building them first when build/ is missing. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadKernelFromDisk } from "../load-from-disk.ts";
import type { Kernel } from "../loader.ts";

const root = join(import.meta.dir, "..", "..");

/** Loads the SIMD and the scalar kernel (in that order). */
export async function loadBothKernels(): Promise<Kernel[]> {
  if (!existsSync(join(root, "build", "kernel-scalar.wasm")) || !existsSync(join(root, "build", "kernel-simd.wasm"))) {
    const r = Bun.spawnSync(["bun", join(root, "scripts", "build.ts")], { stdout: "inherit", stderr: "inherit" });
    if (r.exitCode !== 0) throw new Error("kernel build failed");
  }
  return [await loadKernelFromDisk({ simd: true }), await loadKernelFromDisk({ simd: false })];
}
