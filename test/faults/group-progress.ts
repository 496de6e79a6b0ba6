/**
 * How far a consumer group got, read from Kafka itself (committed offsets against log ends): the
 * suite's measure of "consumption resumed" and "caught up", independent of the services' own metrics.
 */
import type { Admin } from "kafkajs";

/** Σ committed offsets of `group` over `topics` (a partition never committed counts 0). */
export async function committedSum(admin: Admin, group: string, topics: readonly string[]): Promise<bigint> {
  const res = await admin.fetchOffsets({ groupId: group, topics: [...topics] });
  let sum = 0n;
  for (const t of res) for (const p of t.partitions) sum += BigInt(p.offset) > 0n ? BigInt(p.offset) : 0n;
  return sum;
}

/** committedSum, asked again (for up to `timeoutMs`) while the group's coordinator is still loading after a broker restart. */
export async function committedSumRetrying(admin: Admin, group: string, topics: readonly string[], timeoutMs = 30_000): Promise<bigint> {
  for (const deadline = Date.now() + timeoutMs; ; await Bun.sleep(100)) {
    try {
      return await committedSum(admin, group, topics);
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
  }
}

/** Partitions of `topics` whose committed offset in `group` is behind the log end (empty: caught up). */
export async function behind(admin: Admin, group: string, topics: readonly string[]): Promise<string[]> {
  const committed = await admin.fetchOffsets({ groupId: group, topics: [...topics] });
  const out: string[] = [];
  for (const topic of topics) {
    for (const end of await admin.fetchTopicOffsets(topic)) {
      const c = committed.find((t) => t.topic === topic)?.partitions.find((p) => p.partition === end.partition);
      const at = c && BigInt(c.offset) > 0n ? BigInt(c.offset) : 0n;
      if (at < BigInt(end.high)) out.push(`${topic}/${end.partition} at ${at} of ${end.high}`);
    }
  }
  return out;
}

/** Resolves once `group` has committed everything in `topics` (polling; Kafka errors while a server is away are retried). */
export async function waitCaughtUp(admin: Admin, group: string, topics: readonly string[], timeoutMs: number): Promise<void> {
  let last: string[] | string = "not read yet";
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await Bun.sleep(250)) {
    try {
      last = await behind(admin, group, topics);
      if (last.length === 0) return;
    } catch (err) {
      last = String(err);
    }
  }
  throw new Error(`group ${group} did not catch up within ${timeoutMs / 1000} s: ${Array.isArray(last) ? last.join(", ") : last}`);
}

/**
 * Milliseconds from `sinceMs` until `group`'s committed sum first exceeds `baseline` (consumption
 * resumed), or null after `timeoutMs`. Polled every 100 ms.
 */
export async function timeToResume(admin: Admin, group: string, topics: readonly string[], baseline: bigint, sinceMs: number, timeoutMs = 90_000): Promise<number | null> {
  while (Date.now() - sinceMs < timeoutMs) {
    try {
      if ((await committedSum(admin, group, topics)) > baseline) return Date.now() - sinceMs;
    } catch {
      // The coordinator may be moving (broker restart): ask again.
    }
    await Bun.sleep(100);
  }
  return null;
}
