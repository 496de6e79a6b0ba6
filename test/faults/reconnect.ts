/**
 * "Reconnected", as distinct from "caught up": after a server comes back, when each service talks to it
 * again. Two readings, both from outside the services: its /healthz (which checks Kafka and Cassandra
 * through the service's own clients) answering 200, and the group's first commit past where it stood —
 * consumption flowing again, before the backlog gathered during the outage is worked off.
 */
import type { Admin } from "kafkajs";
import { progress, type Progress } from "./group-progress.ts";

/** Milliseconds from `sinceMs` until every URL's GET /healthz answers 200; null after `timeoutMs`. */
export async function timeToHealthy(urls: readonly string[], sinceMs: number, timeoutMs = 60_000): Promise<number | null> {
  const pending = new Set(urls);
  while (Date.now() - sinceMs < timeoutMs) {
    for (const url of [...pending]) {
      const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) }).then((r) => r.status === 200, () => false);
      if (ok) pending.delete(url);
    }
    if (pending.size === 0) return Date.now() - sinceMs;
    await Bun.sleep(100);
  }
  return null;
}

/** Milliseconds from `sinceMs` until the group commits past `base` on any partition; null after `timeoutMs`. */
export async function timeToFirstCommit(admin: Admin, group: string, topics: readonly string[], base: Progress, sinceMs: number, timeoutMs = 60_000): Promise<number | null> {
  while (Date.now() - sinceMs < timeoutMs) {
    try {
      const now = await progress(admin, group, topics);
      for (const [k, at] of now.committed) if (at > (base.committed.get(k) ?? 0n)) return Date.now() - sinceMs;
    } catch {
      // the coordinator may still be loading after a broker restart: ask again
    }
    await Bun.sleep(100);
  }
  return null;
}
