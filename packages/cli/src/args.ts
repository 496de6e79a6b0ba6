import type { AggregateSpec, Format } from "@tally/kernel-wasm";
import { UsageError } from "./errors.ts";
import { parseOptions } from "./parse-options.ts";
import { defaultThreads } from "@tally/pipeline/file";

export type OutputFormat = "table" | "jsonl" | "csv";

/** `tally aggregate` after parsing. */
export interface AggregateArgs {
  input: string;
  spec: AggregateSpec & { scale: number };
  output: OutputFormat;
  errorsFile?: string;
  /** Parts of a file aggregated at once (--threads; default: the cores available). */
  threads: number;
}

/** `tally bill` after parsing. */
export interface BillArgs {
  input: string;
  ratesFile: string;
  errorsFile?: string;
}

const FORMATS: readonly Format[] = ["csv", "ndjson", "log"];
const OUTPUTS: readonly OutputFormat[] = ["table", "jsonl", "csv"];

/** Parses `aggregate <file|-> --format … --key …` arguments; throws UsageError with a one-line reason. */
export function parseAggregateArgs(argv: readonly string[]): AggregateArgs {
  const { values, positionals } = parseOptions(argv, {
    format: { type: "string" },
    key: { type: "string" },
    sum: { type: "string" },
    scale: { type: "string" },
    output: { type: "string" },
    errors: { type: "string" },
    suffix: { type: "string" },
    fields: { type: "string" },
    threads: { type: "string" },
  });
  const input = onePositional(positionals, "aggregate needs one input file (or - for stdin)");
  const format = oneOf(values.format as string | undefined, FORMATS, "--format", undefined);
  if (values.key === undefined || values.key === "") throw new UsageError("--key is required, e.g. --key company or --key user,task");
  const asField = (name: string, flag: string): string | number => (format === "log" ? position(name, flag) : name);
  const keys = (values.key as string).split(",").map((k) => asField(k.trim(), "--key"));
  if (keys.some((k) => k === "")) throw new UsageError("--key has an empty field name");
  const spec: AggregateArgs["spec"] = { format, keys, scale: integer(values.scale as string | undefined, "--scale", 2, 0, 18) };
  if (values.sum !== undefined) spec.sum = asField(values.sum as string, "--sum");
  if (values.suffix !== undefined || values.fields !== undefined) {
    if (format !== "log") throw new UsageError("--suffix and --fields apply to --format log only");
    if (values.suffix !== undefined) spec.suffix = values.suffix as string;
    if (values.fields !== undefined) spec.fields = integer(values.fields as string, "--fields", 0, 1, 1000);
  }
  return {
    input,
    spec,
    output: oneOf(values.output as string | undefined, OUTPUTS, "--output", "table"),
    errorsFile: values.errors as string | undefined,
    threads: integer(values.threads as string | undefined, "--threads", defaultThreads(), 1, 256),
  };
}

/** Parses `bill <api-log-file> --rates <file>`. */
export function parseBillArgs(argv: readonly string[]): BillArgs {
  const { values, positionals } = parseOptions(argv, { rates: { type: "string" }, errors: { type: "string" } });
  const input = onePositional(positionals, "bill needs one API log file (or - for stdin)");
  if (!values.rates) throw new UsageError("--rates <file> is required (RATE_<task>=<rate> lines or a JSON object)");
  return { input, ratesFile: values.rates as string, errorsFile: values.errors as string | undefined };
}

/** The one positional argument, or UsageError with `message` (none) or the extras (too many). */
export function onePositional(positionals: string[], message: string): string {
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? message : `unexpected arguments: ${positionals.slice(1).join(" ")}`);
  return positionals[0]!;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string, fallback: T | undefined): T {
  if (value === undefined) {
    if (fallback === undefined) throw new UsageError(`${flag} is required: one of ${allowed.join(", ")}`);
    return fallback;
  }
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} must be one of ${allowed.join(", ")}, got '${value}'`);
  return value as T;
}

function integer(value: string | undefined, flag: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got '${value}'`);
  return Number(value);
}

function position(value: string, flag: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag}: log fields are 0-based positions, got '${value}'`);
  return Number(value);
}
