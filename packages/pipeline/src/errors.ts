/**
 * The one error family of @tally/pipeline. Like kafkajs, every error says whether retrying can help
 * (`retriable`) and keeps what caused it (`cause`), so the runner's retry loop needs no guessing.
 */

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

/** Bad command-line arguments. */
export class UsageError extends PipelineError {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
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
