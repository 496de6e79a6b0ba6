import { compareUtf8 } from "@tally/pipeline";
import type { WindowCount } from "./window-count-rows.ts";

/** Record types of a window, in the order they are listed and published. */
export const RECORD_TYPES = ["device_type", "locale", "total"] as const;

/** Orders a window's counts by record type (device_type, locale, total), then value. */
export function sortCounts(counts: readonly WindowCount[]): WindowCount[] {
  const rank = (t: string) => RECORD_TYPES.indexOf(t as (typeof RECORD_TYPES)[number]);
  return [...counts].sort((a, b) => rank(a.recordType) - rank(b.recordType) || compareUtf8(a.value, b.value));
}

/**
 * One message per (window, record type, value) on the analytics topic: the original's fields
 * (`processing_time`, `record_type`, `count`, and `device_type` or `locale`) plus the window,
 * keyed by window start, record type and value so a compacted topic keeps the latest.
 */
export function analyticsMessages(windowStartMs: number, windowMs: number, counts: readonly WindowCount[], processedAt: Date): { key: string; value: string }[] {
  const window_start = new Date(windowStartMs).toISOString();
  const window_end = new Date(windowStartMs + windowMs).toISOString();
  return sortCounts(counts).map((c) => {
    const field = c.recordType === "total" ? {} : { [c.recordType]: c.value };
    return {
      key: `${window_start}/${c.recordType}/${c.recordType === "total" ? "" : c.value}`,
      value: JSON.stringify({ processing_time: processedAt.toISOString(), record_type: c.recordType, ...field, count: c.count, window_start, window_end }),
    };
  });
}
