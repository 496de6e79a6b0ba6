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
 */
export function loginIdleFlush(store: LoginStore, windowed: WindowedState, admin: Admin, topic: string, options: EventTimeOptions, now: () => number = Date.now): JobTimer {
  return {
    name: "idle flush",
    everyMs: Math.max(100, Math.min(1000, Math.floor(options.idleMs / 4))),
    async run(assigned) {
      if (assigned.length === 0) return;
      await admin.connect(); // a no-op when connected already
      const ends = new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, BigInt(o.high)]));
      for (const partition of assigned) {
        const state = await windowed.stateOf(partition);
        if ((ends.get(partition) ?? 0n) > state.progress.nextOffset) continue; // messages still to count
        const next = { ...state.progress };
        if (!flushIfIdle(next, now(), options)) continue;
        if (await store.writeProgress(partition, next, state.storedNextOffset)) {
          state.progress.finalThroughMs = next.finalThroughMs;
          state.progress.idle = next.idle;
          state.storedNextOffset = next.nextOffset;
        } else {
          windowed.forget(partition); // someone else moved it: reload next time
        }
      }
    },
  };
}
