import type cassandra from "cassandra-driver";
import type { BatchContext } from "../../model/context.ts";
import type { Sink } from "../../model/sink.ts";
import { executeAll } from "./statements.ts";

export interface CassandraUpsertOptions<T> {
  /** A connected client (the service owns and shuts it down). */
  client: cassandra.Client;
  /**
   * An `INSERT … VALUES (?, …)` (in Cassandra an upsert) whose primary key includes what makes a
   * row unique per input, e.g. (user, topic/partition/offset): then a redelivered batch rewrites the same rows.
   */
  query: string;
  /** Bind values for one element, in the query's `?` order. */
  params: (item: T, ctx: BatchContext) => unknown[];
  /** Statements in flight at once (default: the statement pool's). */
  concurrency?: number;
}

/**
 * A sink writing one prepared upsert per element through the statement pool (`executeAll`).
 * Resolves when every statement was acknowledged; on any failure it rejects (retriable for
 * unavailability and timeouts) and the runner retries the whole batch, which is safe because the
 * rows are upserts. Refuses counter increments, which a redelivery would apply twice.
 */
export function cassandraUpsertSink<T>(options: CassandraUpsertOptions<T>): Sink<T> {
  if (!/^\s*(INSERT|UPDATE)\b/i.test(options.query)) throw new TypeError("cassandraUpsertSink needs an INSERT or UPDATE statement");
  if (/\b(\w+)\s*=\s*\1\s*[+-]/.test(options.query)) throw new TypeError("counter increments are not idempotent; write absolute values keyed by source instead");
  return {
    write: (items, ctx) => executeAll(options.client, options.query, items.map((item) => options.params(item, ctx)), options.concurrency),
  };
}
