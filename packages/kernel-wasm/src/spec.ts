/** Validation and normalisation of an AggregateSpec, shared by the kernel wrapper and the reference. */
import { MAX_COLUMN, MAX_KEYS, MAX_SCALE } from "./constants.ts";
import { SpecError } from "./errors.ts";
import type { AggregateSpec, Format } from "./types.ts";

/** A field reference: a name (csv header, ndjson member) or a 0-based position (csv column, log field). */
export type FieldRef = string | number;

export interface NormalizedSpec {
  format: Format;
  keys: FieldRef[];
  sum: FieldRef | undefined;
  scale: number;
  /** log: "" when none. */
  suffix: string;
  /** log: exact field count, or -1. */
  fields: number;
  /** A sum value below zero rejects its record. */
  rejectNegative: boolean;
  /** ndjson: keys as JSON source text, sums must be JSON numbers (AggregateSpec.typed). */
  typed: boolean;
}

function isPosition(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= MAX_COLUMN;
}

function checkRef(format: Format, ref: unknown, what: string): FieldRef {
  if (format === "ndjson" && typeof ref === "string") return ref;
  if (format === "log" && isPosition(ref)) return ref;
  if (format === "csv" && (typeof ref === "string" || isPosition(ref))) return ref;
  const want = { csv: "a header name or a column position", ndjson: "a member name", log: "a field position" }[format];
  throw new SpecError(`${what} must be ${want} (0..${MAX_COLUMN} for positions), got ${JSON.stringify(ref)}`);
}

/**
 * Checks a spec and fills in defaults. Throws SpecError with a message naming the problem.
 */
export function normalizeSpec(spec: AggregateSpec): NormalizedSpec {
  const format = spec.format;
  if (format !== "csv" && format !== "ndjson" && format !== "log") {
    throw new SpecError(`format must be "csv", "ndjson" or "log", got ${JSON.stringify(format)}`);
  }
  if (!Array.isArray(spec.keys)) throw new SpecError("keys must be an array");
  if (spec.keys.length > MAX_KEYS) throw new SpecError(`at most ${MAX_KEYS} key fields`);
  const keys = spec.keys.map((k, i) => checkRef(format, k, `keys[${i}]`));
  if (new Set(keys).size !== keys.length) throw new SpecError("key fields must be distinct");
  const sum = spec.sum === undefined ? undefined : checkRef(format, spec.sum, "sum");
  const scale = spec.scale ?? 2;
  if (!Number.isInteger(scale) || scale < 0 || scale > MAX_SCALE) {
    throw new SpecError(`scale must be an integer 0..${MAX_SCALE}, got ${scale}`);
  }
  if (format !== "log" && (spec.suffix !== undefined || spec.fields !== undefined)) {
    throw new SpecError("suffix and fields apply to the log format only");
  }
  const suffix = spec.suffix ?? "";
  if (typeof suffix !== "string") throw new SpecError("suffix must be a string");
  if (suffix !== "" && sum === undefined) throw new SpecError("suffix needs a sum field");
  const fields = spec.fields ?? -1;
  if (fields !== -1) {
    const highest = Math.max(-1, ...[...keys, ...(sum === undefined ? [] : [sum])].map(Number));
    if (!Number.isInteger(fields) || fields <= highest || fields > MAX_COLUMN + 1) {
      throw new SpecError(`fields must be an integer above every key/sum position, got ${fields}`);
    }
  }
  const negatives = spec.negatives ?? "accept";
  if (negatives !== "accept" && negatives !== "reject") throw new SpecError(`negatives must be "accept" or "reject", got ${JSON.stringify(negatives)}`);
  if (negatives === "reject" && sum === undefined) throw new SpecError("negatives: \"reject\" needs a sum field");
  const typed = spec.typed ?? false;
  if (typeof typed !== "boolean") throw new SpecError("typed must be a boolean");
  if (typed && format !== "ndjson") throw new SpecError("typed applies to the ndjson format only");
  return { format, keys, sum, scale, suffix, fields, rejectNegative: negatives === "reject", typed };
}
