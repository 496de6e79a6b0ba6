import { formatMinor, rescaleHalfUp, type AggregateSpec, type Group } from "../kernel.ts";
import { compareUtf8 } from "../model/key-order.ts";
import type { RateCard } from "./rate.ts";

/**
 * Kernel spec for API logs like `2025-05-02T23:16:50Z user115 login 200 1568ms`:
 * five fields, grouped by (user, task), summing the duration without its `ms`.
 */
export const API_LOG_SPEC: AggregateSpec = { format: "log", fields: 5, keys: [1, 2], sum: 4, suffix: "ms", scale: 0 };

/** One user's bill. */
export interface UserBill {
  user: string;
  totalDurationMs: bigint;
  requests: number;
  /** Exact cost in minor units at `costScale` (before rounding to cents). */
  costUnits: bigint;
  costScale: number;
  /** Rounded half-up to cents, e.g. `48.06`. */
  totalCost: string;
}

/**
 * Bills API usage from (user, task) groups: per user, total duration and cost = Σ duration_ms × rate(task).
 * A task missing from the rate card costs 0. Exact throughout, rounded half-up to cents only at the end
 * (the original summed floats, so it printed 48.05 where the exact 48.055 is 48.06).
 * Sorted by user id as a string (UTF-8 order).
 */
export function billApiUsage(groups: readonly Group[], rates: RateCard): UserBill[] {
  let scale = 2;
  for (const rate of rates.values()) scale = Math.max(scale, rate.scale);
  const users = new Map<string, { duration: bigint; requests: number; cost: bigint }>();
  for (const group of groups) {
    const [user, task] = group.key;
    if (user === undefined || task === undefined) throw new TypeError(`api usage groups need [user, task] keys, got ${JSON.stringify(group.key)}`);
    const duration = group.sum ?? 0n;
    const rate = rates.get(task);
    let entry = users.get(user);
    if (!entry) users.set(user, (entry = { duration: 0n, requests: 0, cost: 0n }));
    entry.duration += duration;
    entry.requests += group.count;
    if (rate) entry.cost += duration * rate.units * 10n ** BigInt(scale - rate.scale);
  }
  return [...users.entries()]
    .sort(([a], [b]) => compareUtf8(a, b))
    .map(([user, e]) => ({
      user,
      totalDurationMs: e.duration,
      requests: e.requests,
      costUnits: e.cost,
      costScale: scale,
      totalCost: formatMinor(rescaleHalfUp(e.cost, scale, 2), 2),
    }));
}

/** The original's output line: `user1: total_duration=7235ms, total_cost=42.50`. */
export function formatBillLine(bill: UserBill): string {
  return `${bill.user}: total_duration=${bill.totalDurationMs}ms, total_cost=${bill.totalCost}`;
}
