import { findKind, kindNames, type Kind } from "@tally/generate";
import { onePositional } from "./args.ts";
import { parseOptions } from "./parse-options.ts";
import { UsageError } from "./errors.ts";
import { resolveBrokers } from "./kafka-args.ts";

/** Most records one `tally generate` writes. */
export const MAX_GENERATE_COUNT = 100_000_000;
/** Highest --rate (records per second); far above what one producer reaches. */
const MAX_RATE = 10_000_000;

/** `tally generate` after parsing. `target` is Kafka, or NDJSON on stdout for `--output -`. */
export interface GenerateArgs {
  kind: Kind;
  count: number;
  seed: number;
  start?: number;
  rate?: number;
  target: { to: "kafka"; topic: string; brokers: string[] } | { to: "stdout" };
}

/**
 * Parses `generate <kind> --count N [--rate R] [--seed S] [--start T] [--topic T] [--brokers B]
 * [--output -]`; throws UsageError with a one-line reason. `env` supplies KAFKA_BROKERS.
 */
export function parseGenerateArgs(argv: readonly string[], env: Record<string, string | undefined> = {}): GenerateArgs {
  const { values, positionals } = parseOptions(argv, {
    count: { type: "string" },
    rate: { type: "string" },
    seed: { type: "string" },
    start: { type: "string" },
    topic: { type: "string" },
    brokers: { type: "string" },
    output: { type: "string" },
  });
  const name = onePositional(positionals, `generate needs a kind: ${kindNames().join(", ")}`);
  if (!kindNames().includes(name)) throw new UsageError(`unknown kind '${name}' (known kinds: ${kindNames().join(", ")})`);
  const kind = findKind(name);
  const opt = (key: string) => values[key] as string | undefined;
  const count = opt("count");
  if (count === undefined) throw new UsageError(`--count is required: how many records (1 to ${MAX_GENERATE_COUNT})`);
  const args: GenerateArgs = {
    kind,
    count: integer(count, "--count", 1, MAX_GENERATE_COUNT),
    seed: opt("seed") === undefined ? 1 : integer(opt("seed")!, "--seed", Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    target: { to: "stdout" },
  };
  if (opt("start") !== undefined) args.start = integer(opt("start")!, "--start", 0, 253_402_300_799);
  if (opt("rate") !== undefined) args.rate = rate(opt("rate")!);
  const output = opt("output");
  if (output !== undefined) {
    if (output !== "-") throw new UsageError(`--output takes only - (NDJSON on stdout), got '${output}'; without it records go to Kafka`);
    if (opt("topic") !== undefined || opt("brokers") !== undefined) throw new UsageError("--topic and --brokers do not apply with --output -");
    return args;
  }
  const topic = opt("topic") ?? kind.defaultTopic;
  if (topic.trim() === "") throw new UsageError("--topic must not be empty");
  args.target = { to: "kafka", topic, brokers: resolveBrokers(opt("brokers"), env) };
  return args;
}

function integer(value: string, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got '${value}'`);
  }
  return n;
}

function rate(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(n > 0) || n > MAX_RATE) throw new UsageError(`--rate must be a number of records per second above 0 (at most ${MAX_RATE}), got '${value}'`);
  return n;
}
