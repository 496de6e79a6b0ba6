/**
 * Every error this package throws. Bad *records* are never errors (they are rejections in the result);
 * these are for bad specs, unusable headers, misuse, and kernel bugs.
 */

/** Base class: `code` is stable for programs, `message` is for people. */
export class KernelError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The AggregateSpec is unusable (wrong field types for the format, scale out of range, duplicates...). */
export class SpecError extends KernelError {
  constructor(message: string) {
    super("INVALID_SPEC", message);
  }
}

/** A CSV key or sum column named in the spec is not in the header. */
export class UnknownColumnError extends KernelError {
  readonly columns: string[];
  readonly header: string[];
  constructor(columns: string[], header: string[]) {
    const list = columns.map((c) => JSON.stringify(c)).join(", ");
    super("UNKNOWN_COLUMN", `unknown column ${list}; header has ${header.map((c) => JSON.stringify(c)).join(", ")}`);
    this.columns = columns;
    this.header = header;
  }
}

/** The CSV header row itself cannot be read (bad quoting or longer than the record limit). */
export class HeaderError extends KernelError {
  constructor(message: string) {
    super("BAD_HEADER", message);
  }
}

/** push() or finish() after finish(), or after the kernel trapped. */
export class AggregatorStateError extends KernelError {
  constructor(message: string) {
    super("AGGREGATOR_STATE", message);
  }
}

/** The wasm could not be compiled/instantiated, or is not a Tally kernel. */
export class KernelLoadError extends KernelError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("KERNEL_LOAD", message, options);
  }
}

/** The kernel trapped. Bad input never does this: it is a bug, reported with the trap as `cause`. */
export class KernelTrapError extends KernelError {
  constructor(cause: unknown) {
    super("KERNEL_TRAP", `kernel trapped (a bug, not bad input): ${String(cause)}`, { cause });
  }
}

/**
 * A key-range exchange between two parts was given up (a table filled, the other side failed or went
 * silent): the caller aggregates the file without one (see part-exchange.ts).
 */
export class ExchangeAbortedError extends KernelError {
  constructor(message: string) {
    super("EXCHANGE_ABORTED", message);
  }
}
