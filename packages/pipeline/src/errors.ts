/**
 * The one error family of @tally/pipeline. Like kafkajs, every error says whether retrying can help
 * (`retriable`) and keeps what caused it (`cause`), so the runner's retry loop needs no guessing.
 */
import { HeaderError, KernelTrapError, UnknownColumnError } from "./kernel.ts";

export interface PipelineErrorOptions {
  retriable?: boolean;
  cause?: unknown;
}

/** Base error. `retriable` defaults to false: only say true when trying again can succeed. */
export class PipelineError extends Error {
  readonly retriable: boolean;
  override readonly cause?: unknown;

  constructor(message: string, options: PipelineErrorOptions = {}) {
    super(message);
    this.name = "PipelineError";
    this.retriable = options.retriable ?? false;
    this.cause = options.cause;
  }
}

/** A sink or source could not be reached / rejected a write (network, timeouts, unavailable). */
export class ConnectionError extends PipelineError {
  constructor(message: string, options: PipelineErrorOptions = {}) {
    super(message, { retriable: true, ...options });
    this.name = "ConnectionError";
  }
}

/** The retry budget ran out; `cause` is the last error seen. Never retriable itself. */
export class RetriesExhaustedError extends PipelineError {
  readonly attempts: number;

  constructor(attempts: number, cause: unknown) {
    super(`gave up after ${attempts} attempts: ${describe(cause)}`, { retriable: false, cause });
    this.name = "RetriesExhaustedError";
    this.attempts = attempts;
  }
}

/** Input the pipeline cannot process: missing file, unknown column, malformed rate card. */
export class InputError extends PipelineError {
  constructor(message: string, options: PipelineErrorOptions = {}) {
    super(message, options);
    this.name = "InputError";
  }
}

/** An untrusted path tried to leave its base directory (`..`, absolute path, symlink). */
export class UnsafePathError extends PipelineError {
  constructor(message: string) {
    super(message);
    this.name = "UnsafePathError";
  }
}

/**
 * One input that no retry can fix (a message naming no file, a record that is not JSON): thrown by a
 * step, it sends that input to the dead letters with `kind` as its metric label.
 */
export class PoisonError extends PipelineError {
  readonly kind: string;

  constructor(kind: string, message: string, options: Omit<PipelineErrorOptions, "retriable"> = {}) {
    super(message, { ...options, retriable: false });
    this.name = "PoisonError";
    this.kind = kind;
  }
}

// File-system answers that will be the same on every retry (the one list of them).
const PERMANENT_FS_CODES = new Set(["ENOENT", "EACCES", "EISDIR", "ENOTDIR", "ELOOP", "EPERM", "ENAMETOOLONG"]);

/** Why an input can never be processed, and the label its dead letter is counted under. */
export interface Poison {
  kind: string;
  reason: string;
}

/**
 * Classifies an error met while handling one input: poison (dead-letter it, move on) or not (null:
 * retry the batch). Unsafe paths, missing or unreadable files, kernel errors that come from the
 * bytes (unknown column, bad header, a trap they trigger: the same on every retry) and errors that
 * say `retriable: false` are poison; a bad spec, I/O hiccups and unknown failures are retried.
 */
export function asPoison(error: unknown): Poison | null {
  if (error instanceof PoisonError) return { kind: error.kind, reason: error.message };
  if (error instanceof UnsafePathError) return { kind: "unsafe_path", reason: error.message };
  if (error instanceof InputError) return { kind: "unreadable", reason: error.message };
  // Unknown column, malformed header: a property of the bytes, the same on every retry. (A bad spec
  // or a misused aggregator is ours, not the input's: those are retried, loudly, never dead-lettered.)
  if (error instanceof UnknownColumnError || error instanceof HeaderError) return { kind: "bad_format", reason: `${error.code}: ${error.message}` };
  // A trap is a kernel bug the input's bytes trigger; retrying would block the partition forever.
  if (error instanceof KernelTrapError) return { kind: "kernel_trap", reason: `${error.code}: ${error.message}` };
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && PERMANENT_FS_CODES.has(code)) return { kind: "unreadable", reason: describe(error) };
  if (!isRetriable(error)) return { kind: "permanent_failure", reason: describe(error) };
  return null;
}

/** True unless the error explicitly says `retriable: false` (unknown failures are worth a retry). */
export function isRetriable(error: unknown): boolean {
  if (error && typeof error === "object" && "retriable" in error) return (error as { retriable: unknown }).retriable !== false;
  return true;
}

/** One-line description of any thrown value. */
export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
