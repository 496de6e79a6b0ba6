import type { Rng } from "./random.ts";

/** Event time spacing when no rate is given: 100 records per event-time second. */
export const DEFAULT_EVENT_RATE = 100;
/** Share of records that arrive late (drawn per record). */
export const LATE_SHARE = 0.05;
/** A late record is 1 to this many seconds behind its place in the stream. */
export const MAX_LATENESS_SECONDS = 5;

/** Event timestamps (epoch seconds) for a generated stream. */
export interface EventClock {
  /** Epoch second of record `index` in order, before any disorder. */
  inOrder(index: number): number;
  /** Epoch second of record `index` with the stream's disorder applied (draws two numbers from rng). */
  timestamp(rng: Rng, index: number): number;
}

/**
 * Timestamps that advance 1/rate seconds per record from `start` (floored to whole seconds) with a
 * little disorder: each record is, with probability LATE_SHARE, 1–MAX_LATENESS_SECONDS seconds
 * late (never earlier than `start`). Records are only ever late, never early, so:
 *
 * - every timestamp is ≥ (the highest timestamp before it) − MAX_LATENESS_SECONDS, in the whole
 *   stream and therefore in every Kafka partition (a subsequence) too;
 * - every timestamp lies in [start, inOrder(index)].
 *
 * Windowed consumers can rely on this: a watermark 5 s behind the highest timestamp seen drops nothing.
 */
export function eventClock(start: number, rate = DEFAULT_EVENT_RATE): EventClock {
  const inOrder = (index: number) => start + Math.floor(index / rate);
  return {
    inOrder,
    timestamp(rng, index) {
      // Both draws always happen, so the numbers a record consumes do not depend on earlier luck.
      const late = rng.chance(LATE_SHARE);
      const lateness = 1 + rng.below(MAX_LATENESS_SECONDS);
      const t = inOrder(index);
      return late ? Math.max(start, t - lateness) : t;
    },
  };
}
