import * as C from "./constants.ts";
import { KernelTrapError } from "./errors.ts";
import type { KernelExports } from "./kernel-exports.ts";

/**
 * Runs the kernel on from `status` until it no longer reports a full table: `drain` moves its groups
 * out (each aggregator keeps them its own way), then the kernel resumes where it stopped.
 */
export function settleFull(k: KernelExports, status: number, drain: () => void): void {
  while (status === C.STATUS_FULL) {
    drain();
    status = k.resume();
  }
}

/** Parses the `n` bytes written into the kernel's input region, draining whenever its table fills. */
export function pushStaged(k: KernelExports, n: number, drain: () => void): void {
  settlePush(k, k.push(k.inputPtr(), n), drain);
}

/**
 * What follows a `push` that returned `status`: an error for a bad call, drains while the table is
 * full. A read loop that pushes itself calls this only when the status is not STATUS_OK.
 */
export function settlePush(k: KernelExports, status: number, drain: () => void): void {
  if (status === C.STATUS_BAD_CALL) throw new KernelTrapError(new Error("push outside the kernel's input region"));
  settleFull(k, status, drain);
}
