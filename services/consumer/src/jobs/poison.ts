import { KernelError } from "@tally/kernel-wasm";
import { InputError, UnsafePathError } from "@tally/pipeline";

/** Why an input can never be processed; low-cardinality, used as a metric label. */
export type PoisonKind = "unsafe_path" | "unreadable" | "bad_format" | "empty";

/** Input that no retry can fix: it is dead-lettered with `reason` and its offset committed. */
export class PoisonInputError extends Error {
  override readonly name = "PoisonInputError";
  constructor(readonly kind: PoisonKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

// File-system answers that will be the same on every retry.
const PERMANENT_FS_CODES = new Set(["ENOENT", "EACCES", "EISDIR", "ENOTDIR", "ELOOP", "EPERM", "ENAMETOOLONG"]);

/**
 * Classifies an error met while opening or parsing one input. Returns a PoisonInputError for
 * input problems (unsafe path, missing/unreadable file, unknown header, kernel rejecting the
 * stream); anything else (I/O hiccups, bugs in our code) returns null and should be retried.
 */
export function asPoison(error: unknown): PoisonInputError | null {
  if (error instanceof PoisonInputError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UnsafePathError) return new PoisonInputError("unsafe_path", message, { cause: error });
  if (error instanceof InputError) return new PoisonInputError("unreadable", message, { cause: error });
  // A kernel error is a property of the bytes (bad header, unknown column) and repeats on every retry;
  // even a trap would, so redelivering it forever would only block the partition.
  if (error instanceof KernelError) return new PoisonInputError("bad_format", `${error.code}: ${message}`, { cause: error });
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && PERMANENT_FS_CODES.has(code)) return new PoisonInputError("unreadable", message, { cause: error });
  return null;
}
