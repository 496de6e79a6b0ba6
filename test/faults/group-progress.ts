/**
 * How far a consumer group got, read from Kafka itself (committed offsets against log ends): the
 * suite's measure of "consumption resumed" and "caught up", independent of the services' own metrics.
 */
import { type Admin, AssignerProtocol } from "kafkajs";

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
 * Milliseconds from `sinceMs` until the group is consuming everywhere again: every partition that had
 * work left at `base`, and every partition that received work since, has committed past its offset at
 * `base` — all of them, so a surviving member committing its own partitions does not count as a dead
 * member's partitions being taken over. Null after `timeoutMs` (the partitions still waiting are logged).
 */
export async function timeToResume(admin: Admin, group: string, topics: readonly string[], base: Progress, sinceMs: number, timeoutMs = 90_000): Promise<number | null> {
  const waiting = new Set(base.behind);
  let stuck = "not read";
  while (Date.now() - sinceMs < timeoutMs) {
    try {
      const now = await progress(admin, group, topics);
      for (const k of now.behind) if ((now.committed.get(k) ?? 0n) <= (base.committed.get(k) ?? 0n)) waiting.add(k);
      const left = [...waiting].filter((k) => (now.committed.get(k) ?? 0n) <= (base.committed.get(k) ?? 0n));
      if (waiting.size > 0 && left.length === 0) return Date.now() - sinceMs;
      stuck = left.map((k) => `${k} at ${now.committed.get(k)}`).join(", ") || "no partition had work";
    } catch (err) {
      stuck = String(err); // the coordinator may be moving (broker restart): ask again
    }
    await Bun.sleep(100);
  }
  console.error(`faults: group ${group} not consuming everywhere ${timeoutMs / 1000} s after the fault: ${stuck}`);
  return null;
}

/** Each member's assigned `topic/partition`s (empty while the group rebalances). */
export async function assignments(admin: Admin, group: string): Promise<Map<string, string[]>> {
  const { groups } = await admin.describeGroups([group]);
  const out = new Map<string, string[]>();
  for (const m of groups[0]?.members ?? []) {
    const decoded = AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
    out.set(m.memberId, Object.entries(decoded?.assignment ?? {}).flatMap(([topic, parts]) => parts.map((p) => `${topic}/${p}`)));
  }
  return out;
}

/**
 * After one member of two was killed: milliseconds from `sinceMs` until the group has a single
 * member and every partition the dead member held (per `before`, read just before the kill) that
 * has work has committed past `base`. Null after `timeoutMs`.
 */
export async function timeToTakeOver(admin: Admin, group: string, topics: readonly string[], before: Map<string, string[]>, base: Progress, sinceMs: number, timeoutMs = 90_000): Promise<{ ms: number | null; partitions: string[] }> {
  let orphaned: string[] | null = null;
  while (Date.now() - sinceMs < timeoutMs) {
    try {
      if (orphaned === null) {
        const now = await assignments(admin, group);
        if (now.size === 1 && [...now.values()][0]!.length > 0) orphaned = [...before].filter(([id]) => !now.has(id)).flatMap(([, parts]) => parts);
      }
      if (orphaned !== null) {
        const p = await progress(admin, group, topics);
        const left = orphaned.filter((k) => p.behind.has(k) || (p.committed.get(k) ?? 0n) > (base.committed.get(k) ?? 0n) ? (p.committed.get(k) ?? 0n) <= (base.committed.get(k) ?? 0n) : false);
        if (left.length === 0 && orphaned.some((k) => (p.committed.get(k) ?? 0n) > (base.committed.get(k) ?? 0n))) return { ms: Date.now() - sinceMs, partitions: orphaned };
      }
    } catch {
      // ask again
    }
    await Bun.sleep(100);
  }
  return { ms: null, partitions: orphaned ?? [] };
}
