import { classifyCassandraError, readAll } from "@tally/pipeline/cassandra";
import cassandra from "cassandra-driver";

/** Windows this process remembers as registered (about two days of 20-second windows). */
const MAX_REGISTERED = 10_000;

/**
 * `login_windows` (infra/cassandra/schema.cql): the windows of a topic that have counts, one Cassandra
 * partition per topic, for the range queries of GET /analytics/logins and the publisher.
 */
export class WindowRegistry {
  /** Windows written by this process, or being written: their write's outcome. */
  private readonly registered = new Map<number, Promise<void>>();

  constructor(
    private readonly client: cassandra.Client,
    private readonly keyspace: string,
    private readonly topic: string,
  ) {}

  /**
   * Adds windows to the registry the queries list (login_windows). Every partition's batches meet the
   * same windows: one registered (or being registered) by this process is not written again, and the
   * rest go as one unlogged batch — one Cassandra partition (the topic), so one mutation — instead of a
   * statement each (bench:logins: 55 statements a batch, three partitions writing the same windows).
   */
  async register(windows: readonly number[]): Promise<void> {
    const waits: Promise<void>[] = [];
    const fresh: number[] = [];
    for (const w of windows) {
      const pending = this.registered.get(w);
      if (pending) waits.push(pending);
      else fresh.push(w);
    }
    if (fresh.length > 0) {
      const insert = `INSERT INTO ${this.keyspace}.login_windows (topic, window_start) VALUES (?, ?)`;
      const written = this.client
        .batch(fresh.map((w) => ({ query: insert, params: [this.topic, new Date(w)] })), { prepare: true, logged: false, consistency: cassandra.types.consistencies.localQuorum })
        .then(
          () => {},
          (error: unknown) => {
            for (const w of fresh) this.registered.delete(w); // written by the next batch that has it
            throw classifyCassandraError(error, "register login windows");
          },
        );
      for (const w of fresh) this.registered.set(w, written);
      // Bounded: the oldest entries go first (a window registered again is only an idempotent upsert).
      for (const w of this.registered.keys()) {
        if (this.registered.size <= MAX_REGISTERED) break;
        this.registered.delete(w);
      }
      waits.push(written);
    }
    await Promise.all(waits);
  }

  /** Starts of the windows with counts in [fromMs, toMs), ascending. */
  async between(fromMs: number, toMs: number): Promise<number[]> {
    const rows = await readAll(this.client, `SELECT window_start FROM ${this.keyspace}.login_windows WHERE topic = ? AND window_start >= ? AND window_start < ?`, [this.topic, new Date(fromMs), new Date(toMs)]);
    return rows.map((r) => (r.get("window_start") as Date).getTime());
  }

  /** Starts of the `n` latest windows with counts, ascending. */
  async last(n: number): Promise<number[]> {
    const rows = await readAll(this.client, `SELECT window_start FROM ${this.keyspace}.login_windows WHERE topic = ? ORDER BY window_start DESC LIMIT ${Math.max(1, Math.floor(n))}`, [this.topic]);
    return rows.map((r) => (r.get("window_start") as Date).getTime()).reverse();
  }
}
