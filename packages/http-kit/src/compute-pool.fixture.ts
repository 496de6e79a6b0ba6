/** Functions for compute-pool.test.ts, loaded by the pool's workers by name. */
import { isMainThread } from "node:worker_threads";
import { HttpError } from "./errors.ts";

/** Where it ran, with its argument: proves a call crossed to a worker. */
export function where(n: number): { n: number; worker: boolean } {
  return { n, worker: !isMainThread };
}

/** Throws an HttpError, or a plain Error when status is 0. */
export function fail(status: number): never {
  if (status === 0) throw new Error("secret detail");
  throw new HttpError(status as 400, "bad_thing", `refused with ${status}`);
}

/** Ends the worker thread it runs in (in the caller's thread it only answers). */
export function crash(n: number): { n: number; worker: boolean } {
  if (!isMainThread) process.exit(1);
  return where(n);
}
