/** What to do with one log line: write it (saying how many like it were held back since), or hold it back. */
export type RepeatVerdict = { write: true; suppressed: number } | { write: false };

/**
 * Lets the same line (same key: a logger's component + message) through at most once per `windowMs`,
 * counting what it holds back and reporting that count on the next line it lets through. Why: during a
 * broker outage kafkajs logs every retry of every connection — ~14 error lines a second — which buries
 * the one line an operator needs and costs disk; the first line still goes out at once.
 * Keys are forgotten after a quiet window, so memory stays bounded by the variety of lines, not their count.
 */
export function repeatLimiter(windowMs: number, now: () => number = Date.now): (key: string) => RepeatVerdict {
  const seen = new Map<string, { until: number; suppressed: number }>();
  let sweepAt = 0;
  return (key) => {
    const t = now();
    if (t >= sweepAt) {
      for (const [k, v] of seen) if (t >= v.until && v.suppressed === 0) seen.delete(k);
      sweepAt = t + windowMs;
    }
    const entry = seen.get(key);
    if (entry && t < entry.until) {
      entry.suppressed++;
      return { write: false };
    }
    const suppressed = entry?.suppressed ?? 0;
    seen.set(key, { until: t + windowMs, suppressed: 0 });
    return { write: true, suppressed };
  };
}
