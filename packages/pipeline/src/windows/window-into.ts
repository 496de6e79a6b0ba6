import type { Transform } from "../model/transform.ts";
import type { IntervalWindow, WindowFn } from "./fixed-windows.ts";

/** An element with the window its event time fell into. */
export interface Windowed<T> {
  readonly window: IntervalWindow;
  readonly value: T;
}

/**
 * Assigns each element to a window by its event time (Beam's WindowInto). An element whose event
 * time is missing or unparsable goes to the dead letters rather than into an arbitrary window.
 */
export function windowInto<T>(windowFn: WindowFn, eventTime: (item: T) => number | Date | string): Transform<T, Windowed<T>> {
  return (items, ctx) => {
    const out: Windowed<T>[] = [];
    for (const item of items) {
      const ms = toMillis(eventTime(item));
      if (ms === null) ctx.reject(item, "missing or invalid event time");
      else out.push({ window: windowFn.assign(ms), value: item });
    }
    return out;
  };
}

function toMillis(time: number | Date | string): number | null {
  const ms = typeof time === "number" ? time : typeof time === "string" ? Date.parse(time) : time.getTime();
  return Number.isFinite(ms) ? ms : null;
}
