import type { WallClock } from "./pacer.ts";

/** Test support: a WallClock that only moves when someone sleeps (or a test sets `t`). */
export function fakeClock(): WallClock & { t: number; slept: number[] } {
  const clock = {
    t: 0,
    slept: [] as number[],
    now: () => clock.t,
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) return;
      clock.slept.push(ms);
      clock.t += ms;
    },
  };
  return clock;
}
