/** A half-open event-time interval [start, end) in epoch milliseconds. */
export interface IntervalWindow {
  readonly start: number;
  readonly end: number;
}

/** Assigns event times to windows. */
export interface WindowFn {
  assign(eventTimeMs: number): IntervalWindow;
}

/**
 * Fixed (tumbling) windows of `sizeMs`, aligned to the epoch plus `offsetMs` — e.g. one-minute
 * windows start at :00 of every minute, whatever time the first event arrived.
 */
export function fixedWindows(sizeMs: number, offsetMs = 0): WindowFn {
  if (!Number.isSafeInteger(sizeMs) || sizeMs <= 0) throw new RangeError(`window size must be a positive integer of ms, got ${sizeMs}`);
  if (!Number.isSafeInteger(offsetMs)) throw new RangeError(`window offset must be an integer of ms, got ${offsetMs}`);
  return {
    assign(eventTimeMs) {
      if (!Number.isFinite(eventTimeMs)) throw new RangeError(`event time is not a number: ${eventTimeMs}`);
      // Floor division that is also right for times before the epoch (and before the offset).
      const start = Math.floor((eventTimeMs - offsetMs) / sizeMs) * sizeMs + offsetMs;
      return { start, end: start + sizeMs };
    },
  };
}

/** `2025-05-02T23:16:00.000Z/2025-05-02T23:17:00.000Z`: a stable window id for upsert keys. */
export function windowId(window: IntervalWindow): string {
  return `${new Date(window.start).toISOString()}/${new Date(window.end).toISOString()}`;
}
