import cassandra from "cassandra-driver";
import type { BatchContext } from "../../model/context.ts";
import type { Sink } from "../../model/sink.ts";
import { classifyCassandraError } from "./classify-error.ts";

export interface CassandraUpsertOptions<T> {
  /** A connected client (the service owns and shuts it down). */
  client: cassandra.Client;
  /**
   * An `INSERT … VALUES (?, …)` (in Cassandra an upsert) whose primary key includes what makes a
   * row unique per input, e.g. (company, source): then a redelivered batch rewrites the same rows.
   */
  query: string;
  /** Bind values for one element, in the query's `?` order. */
  params: (item: T, ctx: BatchContext) => unknown[];
  /** Statements in flight at once. Default 32. */
  concurrency?: number;
  /** Default LOCAL_QUORUM: the write survives a replica loss once acknowledged. */
  consistency?: number;
}

/**
 * A sink writing one prepared upsert per element, `concurrency` at a time. Resolves when every
 * statement was acknowledged; on any failure it rejects (retriable for unavailability and
 * timeouts) and the runner retries the whole batch, which is safe because the rows are upserts.
 * Not a logged batch: rows of different partitions gain nothing from one and load a coordinator.
 */
export function cassandraUpsertSink<T>(options: CassandraUpsertOptions<T>): Sink<T> {
  if (!/^\s*(INSERT|UPDATE)\b/i.test(options.query)) throw new TypeError("cassandraUpsertSink needs an INSERT or UPDATE statement");
  if (/\b(\w+)\s*=\s*\1\s*[+-]/.test(options.query)) throw new TypeError("counter increments are not idempotent; write absolute values keyed by source instead");
  const concurrency = Math.max(1, options.concurrency ?? 32);
  const queryOptions = { prepare: true, consistency: options.consistency ?? cassandra.types.consistencies.localQuorum };
  return {
    async write(items, ctx) {
      const params = items.map((item) => options.params(item, ctx));
      let next = 0;
      const worker = async () => {
        while (next < params.length) {
          const p = params[next++]!;
          await options.client.execute(options.query, p, queryOptions);
        }
      };
      try {
        await Promise.all(Array.from({ length: Math.min(concurrency, params.length) }, worker));
      } catch (error) {
        throw classifyCassandraError(error, "upsert");
      }
    },
  };
}
