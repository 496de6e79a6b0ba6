import { GenerateOptionError } from "./errors.ts";
import { eventClock } from "./event-clock.ts";
import type { Kind } from "./kind.ts";
import { createRng } from "./random.ts";

/** What to generate. Only `count` is required. */
export interface GenerateOptions {
  /** How many records (0 is fine: nothing). */
  count: number;
  /** Any safe integer; default 1. Same kind, seed, start and rate → the same records, byte for byte. */
  seed?: number;
  /** Epoch second of the first record; default now (floored). Pass it for fully repeatable output. */
  start?: number;
  /** Records per second: timestamps advance 1/rate s per record (default DEFAULT_EVENT_RATE). */
  rate?: number;
}

/** GenerateOptions with every default filled in (report `start` so a run can be repeated). */
export interface ResolvedOptions {
  count: number;
  seed: number;
  start: number;
  rate: number | undefined;
}

/** One Kafka-ready record: the key (null: none) and the value as JSON text. */
export interface GeneratedRecord {
  key: string | null;
  value: string;
}

/** Largest accepted start: 9999-12-31T23:59:59Z. */
const MAX_START = 253_402_300_799;

/** Checks options and fills in defaults; GenerateOptionError naming the option otherwise. */
export function resolveOptions(options: GenerateOptions, now: () => number = Date.now): ResolvedOptions {
  const { count, seed = 1, start = Math.floor(now() / 1000), rate } = options;
  if (!Number.isSafeInteger(count) || count < 0) throw new GenerateOptionError("count", `count must be a non-negative integer, got ${count}`);
  if (!Number.isSafeInteger(seed)) throw new GenerateOptionError("seed", `seed must be an integer, got ${seed}`);
  if (!Number.isSafeInteger(start) || start < 0 || start > MAX_START) {
    throw new GenerateOptionError("start", `start must be an epoch second from 0 to ${MAX_START}, got ${start}`);
  }
  if (rate !== undefined && !(Number.isFinite(rate) && rate > 0)) throw new GenerateOptionError("rate", `rate must be a number > 0 (records per second), got ${rate}`);
  return { count, seed, start, rate };
}

/**
 * The first `count` records of `kind`'s stream for `seed`, lazily (a million records never sit in
 * memory at once). Options are checked now, before the first record is asked for.
 */
export function generateRecords(kind: Kind, options: GenerateOptions): Iterable<GeneratedRecord> {
  return records(kind, resolveOptions(options));
}

function* records(kind: Kind, { count, seed, start, rate }: ResolvedOptions): Generator<GeneratedRecord> {
  const rng = createRng(seed);
  const clock = eventClock(start, rate);
  const keyField = kind.keyField;
  for (let i = 0; i < count; i++) {
    const fields = kind.record(rng, i, clock);
    const key = keyField === null ? undefined : fields[keyField];
    yield { key: key === undefined ? null : String(key), value: JSON.stringify(fields) };
  }
}
