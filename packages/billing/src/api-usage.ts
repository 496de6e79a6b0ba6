import { decimal, formatDecimal, multiply, rescaleHalfUp, sumDecimals, type Decimal } from "@tally/decimal";
import type { AggregateSpec, Group } from "@tally/kernel-wasm";
import { compareUtf8 } from "@tally/pipeline";
import type { RateCard } from "./rate.ts";

/**
 * Kernel spec for API logs like `2025-05-02T23:16:50Z user115 login 200 1568ms`:
 * five fields, grouped by (user, task), summing the duration without its `ms`. A negative duration
 * (`-5ms`) is always a rejected line ("negative value"): it would lower a bill.
 */
export const API_LOG_SPEC: AggregateSpec = { format: "log", fields: 5, keys: [1, 2], sum: 4, suffix: "ms", scale: 0, negatives: "reject" };

/** One user's bill. */
export interface UserBill {
  user: string;
  totalDurationMs: bigint;
  requests: number;
  /** Exact, unrounded: Σ duration × rate(task). */
  cost: Decimal;
  /** `cost` rounded half-up to cents, e.g. `48.06`. */
  totalCost: string;
}

/**
 * Bills API usage from (user, task) groups: per user, total duration and cost = Σ duration_ms × rate(task).
 * A task missing from the rate card costs 0. Exact throughout, rounded half-up to cents only at the end
 * (the original summed floats, so it printed 48.05 where the exact 48.055 is 48.06).
 * Sorted by user id as a string (UTF-8 order).
 */
export function billApiUsage(groups: readonly Group[], rates: RateCard): UserBill[] {
  const users = new Map<string, { duration: bigint; requests: number; costs: Decimal[] }>();
  for (const group of groups) {
    const [user, task] = group.key;
    if (user === undefined || task === undefined) throw new TypeError(`api usage groups need [user, task] keys, got ${JSON.stringify(group.key)}`);
    const duration = group.sum ?? 0n;
    const rate = rates.get(task);
    let entry = users.get(user);
    if (!entry) users.set(user, (entry = { duration: 0n, requests: 0, costs: [] }));
    entry.duration += duration;
    entry.requests += group.count;
    if (rate) entry.costs.push(multiply(decimal(duration, 0), rate));
  }
  return [...users.entries()]
    .sort(([a], [b]) => compareUtf8(a, b))
    .map(([user, e]) => {
      const cost = sumDecimals(e.costs, 2);
      return { user, totalDurationMs: e.duration, requests: e.requests, cost, totalCost: formatDecimal(rescaleHalfUp(cost, 2)) };
    });
}

/** The original's output line: `user1: total_duration=7235ms, total_cost=42.50`. */
export function formatBillLine(bill: UserBill): string {
  return `${bill.user}: total_duration=${bill.totalDurationMs}ms, total_cost=${bill.totalCost}`;
}
