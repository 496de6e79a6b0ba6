import { JsonNumberText } from "./minor-units.ts";

/** Why a body is not a list of employee records at all (the route answers 400 or 413). */
export class EmployeesInputError extends Error {
  override readonly name = "EmployeesInputError";
  constructor(
    readonly code: "malformed_json" | "not_an_array" | "too_many_records",
    message: string,
  ) {
    super(message);
  }
}

/** Default most records one body may hold (PROCESS_MAX_RECORDS). */
export const DEFAULT_MAX_RECORDS = 100_000;

/**
 * A run of 16 characters that can occur in a JSON number. A number with 16 or more significant
 * digits contains one; when the text has none, every number has at most 15 and JSON.parse's doubles
 * hold them exactly (see minor-units.ts). Strings may match too — that only costs the slower parse.
 */
const MAYBE_LONG_NUMBER = /[0-9.eE+-]{16}/;

/** Fields read as exact amounts: the slow parse keeps their source text. */
const EXACT_FIELDS = new Set(["salary", "years_of_experience"]);

/**
 * Parses a request body that should be a JSON array of records. Amount fields are left as doubles
 * when that is exact (nearly always), else as `JsonNumberText` holding the number's source text
 * (JSON.parse's reviver gets it as `context.source`). Throws EmployeesInputError for text that is
 * not JSON, JSON that is not an array, and arrays longer than `maxRecords`.
 */
export function parseEmployees(text: string, maxRecords = DEFAULT_MAX_RECORDS): unknown[] {
  let parsed: unknown;
  try {
    parsed = MAYBE_LONG_NUMBER.test(text) ? JSON.parse(text, keepAmountText) : JSON.parse(text);
  } catch (error) {
    throw new EmployeesInputError("malformed_json", `request body is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new EmployeesInputError("not_an_array", `request body must be a JSON array of employee records, got ${describe(parsed)}`);
  if (parsed.length > maxRecords) throw new EmployeesInputError("too_many_records", `request body holds ${parsed.length} records; at most ${maxRecords} are accepted (PROCESS_MAX_RECORDS)`);
  return parsed;
}

/** Reads one NDJSON line (a stream message's record) with the same exactness rule. Throws SyntaxError when it is not JSON. */
export function parseEmployeeLine(line: string): unknown {
  return MAYBE_LONG_NUMBER.test(line) ? JSON.parse(line, keepAmountText) : JSON.parse(line);
}

function keepAmountText(key: string, value: unknown, context?: { source?: string }): unknown {
  return typeof value === "number" && EXACT_FIELDS.has(key) && context?.source !== undefined ? new JsonNumberText(context.source) : value;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}
