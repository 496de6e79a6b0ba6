import { flushIfIdle, freshProgress, WindowedCounts, type EventTimeOptions, type PartitionProgress } from "@tally/pipeline";
import type { JobTimer } from "@tally/pipeline/kafka";
import type { LoginStore } from "./login-store.ts";

/** What the flush needs of the windowed step's cache (see countPerWindow's `partitions`). */
interface CachedPartition {
  progress: PartitionProgress;
  counts: WindowedCounts;
  storedNextOffset: bigint | null;
}

/**
 * The idle flush: for every partition this member owns, once no event arrived for the idle time, the
 * partition's windows up to the wall clock − lateness become final (its progress moves; the
 * publisher then sees the stream's windows close). A partition with no events at all gets a
 * progress row the same way, so it never holds the stream back. Writes are fenced like the batches'
 * (the stored next offset must be unchanged), so a member that lost the partition moves nothing.
 */
export function loginIdleFlush(store: LoginStore, cache: Map<number, CachedPartition>, options: EventTimeOptions, now: () => number = Date.now): JobTimer {
  return {
    name: "idle flush",
    everyMs: Math.max(100, Math.min(1000, Math.floor(options.idleMs / 4))),
    async run(assigned) {
      for (const partition of assigned) {
        let state = cache.get(partition);
        if (!state) {
          const stored = await store.load(partition);
          state = stored
            ? { progress: stored.progress, counts: new WindowedCounts(stored.cells), storedNextOffset: stored.progress.nextOffset }
            : { progress: freshProgress(now()), counts: new WindowedCounts(), storedNextOffset: null };
          cache.set(partition, state);
        }
        const next = { ...state.progress };
        if (!flushIfIdle(next, now(), options)) continue;
        if (await store.writeProgress(partition, next, state.storedNextOffset)) {
          state.progress.finalThroughMs = next.finalThroughMs;
          state.storedNextOffset = next.nextOffset;
        } else {
          cache.delete(partition); // someone else moved it: reload next time
        }
      }
    },
  };
}
