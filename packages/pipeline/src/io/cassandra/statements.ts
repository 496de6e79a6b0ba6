import cassandra from "cassandra-driver";
import { classifyCassandraError } from "./classify-error.ts";

/** LOCAL_QUORUM and prepared: an acknowledged write survives a replica loss; values are typed exactly. */
const WRITE_OPTIONS = { prepare: true, consistency: cassandra.types.consistencies.localQuorum };
const READ_OPTIONS = { prepare: true, consistency: cassandra.types.consistencies.localQuorum, fetchSize: 5000 };

/** Statements in flight at once by default: enough to hide the round trip, few enough not to flood one node. */
export const DEFAULT_CONCURRENCY = 64;

/**
 * The one statement pool: runs one prepared statement (an upsert or a keyed delete) per parameter
 * list, `concurrency` at a time. Resolves once all were acknowledged; on the first failure it throws
 * (classified: retriable when Cassandra is unavailable or timed out). Not a logged batch: rows of
 * different partitions gain nothing from one and load a coordinator.
 */
export async function executeAll(client: cassandra.Client, query: string, params: readonly unknown[][], concurrency = DEFAULT_CONCURRENCY): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < params.length) await client.execute(query, params[next++]!, WRITE_OPTIONS);
  };
  try {
    await Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), params.length) }, worker));
  } catch (error) {
    throw classifyCassandraError(error, "write");
  }
}

/** Reads every row of a query, page by page, so a large table never arrives in one response. */
export async function readAll(client: cassandra.Client, query: string, params: unknown[] = []): Promise<cassandra.types.Row[]> {
  const rows: cassandra.types.Row[] = [];
  let pageState: string | undefined;
  try {
    do {
      const rs = await client.execute(query, params, { ...READ_OPTIONS, pageState });
      rows.push(...rs.rows);
      pageState = rs.pageState ?? undefined;
    } while (pageState);
  } catch (error) {
    throw classifyCassandraError(error, "read");
  }
  return rows;
}

/**
 * Reads `select` (an aggregate over one table, ending at its FROM) grouped by the partition key
 * `key`: one row per partition, or only the partition `value` when given. Cassandra computes the
 * aggregates next to the data, so only one row per partition crosses the wire.
 */
export function readPerPartition(client: cassandra.Client, select: string, key: string, value?: string): Promise<cassandra.types.Row[]> {
  return value === undefined ? readAll(client, `${select} GROUP BY ${key}`) : readAll(client, `${select} WHERE ${key} = ? GROUP BY ${key}`, [value]);
}
