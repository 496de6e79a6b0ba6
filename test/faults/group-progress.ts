/**
 * How far a consumer group got, read from Kafka itself (committed offsets against log ends): the
 * suite's measure of "consumption resumed" and "caught up", independent of the services' own metrics.
 */
import type { Admin } from "kafkajs";

/** A group's committed offset per `topic/partition` (0 when never committed) and the partitions with work left. */
export interface Progress {
  committed: Map<string, bigint>;
  behind: Set<string>;
}

/** Reads the group's committed offsets and the log ends of `topics`. */
export async function progress(admin: Admin, group: string, topics: readonly string[]): Promise<Progress> {
  const fetched = await admin.fetchOffsets({ groupId: group, topics: [...topics] });
  const committed = new Map<string, bigint>();
  const behind = new Set<string>();
  for (const topic of topics) {
    for (const end of await admin.fetchTopicOffsets(topic)) {
      const c = fetched.find((t) => t.topic === topic)?.partitions.find((p) => p.partition === end.partition);
      const at = c && BigInt(c.offset) > 0n ? BigInt(c.offset) : 0n;
      committed.set(`${topic}/${end.partition}`, at);
      if (at < BigInt(end.high)) behind.add(`${topic}/${end.partition}`);
    }
  }
  return { committed, behind };
}

/** progress, asked again (for up to `timeoutMs`) while the group's coordinator is still loading after a broker restart. */
export async function progressRetrying(admin: Admin, group: string, topics: readonly string[], timeoutMs = 30_000): Promise<Progress> {
  for (const deadline = Date.now() + timeoutMs; ; await Bun.sleep(100)) {
    try {
      return await progress(admin, group, topics);
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
  }
}

/** Resolves once `group` has committed everything in `topics` (polling; Kafka errors while a server is away are retried). */
export async function waitCaughtUp(admin: Admin, group: string, topics: readonly string[], timeoutMs: number): Promise<void> {
  let last = "not read yet";
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await Bun.sleep(250)) {
    try {
      const p = await progress(admin, group, topics);
      if (p.behind.size === 0) return;
      last = [...p.behind].map((k) => `${k} at ${p.committed.get(k)}`).join(", ");
    } catch (err) {
      last = String(err);
    }
  }
  throw new Error(`group ${group} did not catch up within ${timeoutMs / 1000} s: ${last}`);
}

/**
 * Milliseconds from `sinceMs` until every partition that had work left at `base` has committed past
 * its offset there — all of them, so a surviving member that keeps committing its own partitions does
 * not count as the dead member's being taken over (when none had work: until any partition moves).
 * Null after `timeoutMs`. Polled every 100 ms.
 */
export async function timeToResume(admin: Admin, group: string, topics: readonly string[], base: Progress, sinceMs: number, timeoutMs = 90_000): Promise<number | null> {
  const waitingFor = base.behind.size > 0 ? [...base.behind] : [...base.committed.keys()];
  const need = base.behind.size > 0 ? waitingFor.length : 1;
  while (Date.now() - sinceMs < timeoutMs) {
    try {
      const now = await progress(admin, group, topics);
      const moved = waitingFor.filter((k) => (now.committed.get(k) ?? 0n) > (base.committed.get(k) ?? 0n)).length;
      if (moved >= need) return Date.now() - sinceMs;
    } catch {
      // The coordinator may be moving (broker restart): ask again.
    }
    await Bun.sleep(100);
  }
  return null;
}
