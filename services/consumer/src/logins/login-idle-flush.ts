import { flushIfIdle, type EventTimeOptions } from "@tally/pipeline";
import type { JobTimer, WindowedState } from "@tally/pipeline/kafka";
import type { Admin } from "kafkajs";
import type { LoginStore } from "./login-store.ts";

/**
 * The idle flush: for every partition this member owns, once no event arrived for the idle time, the
 * partition goes idle and closes its open windows (its progress moves; the publisher then stops
 * waiting for it). A partition with no events at all gets a progress row the same way, so it never
 * holds the stream back. "No event" means caught up too: a partition whose log holds messages this
 * member has not counted yet (its high watermark is past the progress) is busy, not idle, however
 * long the last batch was ago. Writes are fenced like the batches' (the stored next offset must be
 * unchanged), so a member that lost the partition moves nothing.
 *
 * It runs every quarter of the idle time (0.1–1 s), and also exactly when the next caught-up partition
 * falls due; `onFlushed` says a partition just went idle (the publisher is woken then: its windows may
 * be final now).
 */
export function loginIdleFlush(
  store: LoginStore,
  windowed: WindowedState,
  admin: Admin,
  topic: string,
  options: EventTimeOptions,
  opts: { now?: () => number; onFlushed?: () => void } = {},
): JobTimer {
  const now = opts.now ?? Date.now;
  let wake: ((delayMs?: number) => void) | undefined;
  return {
    name: "idle flush",
    everyMs: Math.max(100, Math.min(1000, Math.floor(options.idleMs / 4))),
    wakeWith: (w) => void (wake = w),
    async run(assigned) {
      if (assigned.length === 0) return;
      await admin.connect(); // a no-op when connected already
      const ends = new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, BigInt(o.high)]));
      let flushed = false;
      // The soonest a caught-up partition goes idle: woken then rather than up to a tick later.
      let due = Number.POSITIVE_INFINITY;
      for (const partition of assigned) {
        const state = await windowed.stateOf(partition);
        if ((ends.get(partition) ?? 0n) > state.progress.nextOffset) continue; // messages still to count
        const next = { ...state.progress };
        if (!flushIfIdle(next, now(), options)) {
          if (!next.idle) due = Math.min(due, next.lastActivityMs + options.idleMs);
          continue;
        }
        if (await store.writeProgress(partition, next, state.storedNextOffset)) {
          state.progress.finalThroughMs = next.finalThroughMs;
          state.progress.idle = next.idle;
          state.storedNextOffset = next.nextOffset;
          flushed = true;
        } else {
          windowed.forget(partition); // someone else moved it: reload next time
        }
      }
      if (flushed) opts.onFlushed?.();
      if (due !== Number.POSITIVE_INFINITY) wake?.(due - now());
    },
  };
}
