import type { Sink } from "@tally/pipeline";
import type { WindowUpdate } from "@tally/pipeline/kafka";
import type { LoginStore } from "./login-store.ts";

/**
 * Writes each partition's window update: cells first, then the progress, fenced. If the progress
 * was moved meanwhile by another member (the partition was reassigned), nothing is committed: the
 * batch fails retriably and whoever owns the partition now redoes it from its stored progress.
 */
export function loginWindowsSink(store: LoginStore): Sink<WindowUpdate> {
  return {
    async write(updates) {
      for (const u of updates) {
        await store.write(u);
      }
    },
  };
}
