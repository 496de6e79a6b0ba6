import { billApiUsage, type RateCard } from "@tally/billing";
import { formatDecimal, rescaleHalfUp, sumDecimals, type Decimal } from "@tally/decimal";
import { compareUtf8, type Aggregated } from "@tally/pipeline";
import type { KafkaRecord } from "@tally/pipeline/kafka";
import { usageSource } from "./idempotency-key.ts";

/** One stored row of `api_usage_by_batch`: a user's usage in one Kafka message. Cost is exact, unrounded. */
export interface UsageRow {
  user: string;
  /** The message the row was computed from (the upsert key): `topic/key/<idempotency key>` or `topic/partition/offset`. */
  source: string;
  durationMs: bigint;
  requests: bigint;
  cost: Decimal;
}

/** A user's usage summed over some rows (one message, or all of them). */
export type UsageSum = Omit<UsageRow, "source">;

/**
 * One message's api-log lines billed per user (`billApiUsage`: Σ duration × rate(task), exact),
 * keyed by `usageSource`: the idempotency key when the message has one, so a retried copy at
 * another offset rewrites the same rows; else the offset — kafkajs may cut a redelivered partition
 * into other batches, but a message keeps its offset, so a redelivery rewrites exactly the same rows.
 */
export function usageRows({ input, result }: Aggregated<KafkaRecord>, rates: RateCard): UsageRow[] {
  const source = usageSource(input);
  return billApiUsage(result.groups, rates).map((bill) => ({ user: bill.user, source, durationMs: bill.totalDurationMs, requests: BigInt(bill.requests), cost: bill.cost }));
}

/** What GET /billing/api-usage answers per user. */
export interface UserUsage {
  user: string;
  /** Exact integer milliseconds. */
  total_duration_ms: number;
  requests: number;
  /** Σ of the exact per-row costs, rounded half-up to cents once, at the end. */
  total_cost: string;
}

/**
 * Per-user totals across rows, like `tally bill`: durations summed, costs summed exactly at the
 * largest stored scale and rounded half-up to cents only at the end (rounding per row would drift).
 * Sorted by user id as a string (UTF-8 order).
 */
export function userUsage(rows: Iterable<UsageSum>): UserUsage[] {
  const users = new Map<string, { duration: bigint; requests: bigint; costs: Decimal[] }>();
  for (const row of rows) {
    let u = users.get(row.user);
    if (!u) users.set(row.user, (u = { duration: 0n, requests: 0n, costs: [] }));
    u.duration += row.durationMs;
    u.requests += row.requests;
    u.costs.push(row.cost);
  }
  return [...users.entries()]
    .sort(([a], [b]) => compareUtf8(a, b))
    .map(([user, u]) => ({
      user,
      total_duration_ms: safeNumber(u.duration, "duration"),
      requests: safeNumber(u.requests, "requests"),
      total_cost: formatDecimal(rescaleHalfUp(sumDecimals(u.costs, 2), 2)),
    }));
}

/** Integers past 2^53 would lose digits as JSON numbers; refusing is better than a wrong answer. */
function safeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`${what} ${value} exceeds 2^53`);
  return Number(value);
}
