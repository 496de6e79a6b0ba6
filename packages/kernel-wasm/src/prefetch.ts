/**
 * Starts compiling the SIMD kernel build before the program that needs it has loaded: a command's
 * entry point calls `prefetchKernel()` first thing, `loadKernelFromDisk` takes the compiled module
 * later. `WebAssembly.compile` runs off the main thread (~0.3 ms of it; 1.5–5 ms in all here), so the
 * compile overlaps loading the rest of the program instead of following it.
 *
 * Kept apart from load-from-disk.ts (node:fs only, no kernel modules) so that an entry point can
 * import it for ~nothing. The pending compile sits under a global symbol, not in a module variable:
 * a bundle holds its own copy of this module, and the entry point's copy must hand it over.
 */
import { readFileSync } from "node:fs";

/** This package's build/ folder, found by package name (a bundle holds a copy of this module elsewhere). */
export const KERNEL_BUILD = new URL("build/", import.meta.resolve("@tally/kernel-wasm/package.json"));

const KEY = Symbol.for("@tally/kernel-wasm/prefetched-simd-module");

type Slot = { [KEY]?: Promise<WebAssembly.Module | undefined> };

/**
 * Reads build/kernel-simd.wasm and starts compiling it; idempotent. A missing file or a runtime
 * without SIMD settles as undefined (loadKernelFromDisk then does its usual reads and fallback).
 */
export function prefetchKernel(): void {
  const slot = globalThis as Slot;
  if (slot[KEY]) return;
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(new URL("kernel-simd.wasm", KERNEL_BUILD)));
  } catch {
    return;
  }
  slot[KEY] = WebAssembly.compile(bytes).catch(() => undefined);
}

/** The prefetched SIMD module, once (later calls and a process that never prefetched get undefined). */
export function takePrefetchedKernel(): Promise<WebAssembly.Module | undefined> | undefined {
  const slot = globalThis as Slot;
  const pending = slot[KEY];
  delete slot[KEY];
  return pending;
}
