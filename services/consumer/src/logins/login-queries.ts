import { sortCounts } from "./analytics-message.ts";
import type { LoginStore } from "./login-store.ts";

/** One row of GET /analytics/logins. */
export interface LoginWindowRow {
  window_start: string;
  window_end: string;
  record_type: string;
  /** The device type or locale; null on the total row. */
  value: string | null;
  count: number;
  /** True once every partition's progress passed the window's end: the count will not change. */
  final: boolean;
}

/** What GET /analytics/logins reads (Cassandra in production, a fake in tests). */
export interface LoginQueries {
  /** Rows of the windows starting in [fromMs, toMs), sorted by window start, record type, value. */
  windows(fromMs: number, toMs: number): Promise<LoginWindowRow[]>;
  /** Rows of the `n` latest windows that have counts, sorted the same way. */
  latest(n: number): Promise<LoginWindowRow[]>;
}

/** Login queries over the job's store: a window is final once the stream's stored final-through passed its end. */
export function loginQueries(store: LoginStore, windowMs: number): LoginQueries {
  const rowsOf = async (starts: readonly number[]): Promise<LoginWindowRow[]> => {
    const [stream, counts] = await Promise.all([store.progress(), store.windowCountsOf(starts)]);
    const rows: LoginWindowRow[] = [];
    for (const [i, start] of starts.entries()) {
      const final = start + windowMs <= stream.finalThroughMs;
      const window_start = iso(start);
      const window_end = iso(start + windowMs);
      for (const c of sortCounts(counts[i]!)) rows.push({ window_start, window_end, record_type: c.recordType, value: c.recordType === "total" ? null : c.value, count: c.count, final });
    }
    return rows;
  };
  return {
    windows: async (fromMs, toMs) => rowsOf(await store.windowsBetween(fromMs, toMs)),
    latest: async (n) => rowsOf(await store.lastWindows(n)),
  };
}

/** ISO-8601 without milliseconds, like the API's examples (2023-09-12T00:45:40Z). */
function iso(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}
