import type cassandra from "cassandra-driver";

/** One statement a recording client was asked to run. */
export interface RecordedStatement {
  query: string;
  params: unknown[];
}

/** TEST SUPPORT: a Cassandra client that records statements instead of running them. */
export interface RecordingCassandra {
  /** Pass this where a `cassandra.Client` is expected. */
  readonly client: cassandra.Client;
  readonly statements: RecordedStatement[];
  /** Bind values of every INSERT into `table` (matched by name, keyspace ignored), in order. */
  inserts(table: string): unknown[][];
  /** Makes every following statement fail with `error` (undefined: succeed again). */
  failWith(error: Error | undefined): void;
}

/**
 * A client whose `execute` and `batch` record (query, params) — a batch as its statements — and
 * answer reads with no rows and conditional writes as applied, so a job's
 * Cassandra sinks can be tested without a server; the integration tests run them against a real one.
 */
export function recordingCassandra(): RecordingCassandra {
  const statements: RecordedStatement[] = [];
  let failure: Error | undefined;
  // Every conditional write applies: there are no rows to conflict with.
  const answer = () => ({ rows: [], pageState: null, wasApplied: () => true, first: () => null });
  const client = {
    async execute(query: string, params: unknown[] = []) {
      if (failure) throw failure;
      statements.push({ query, params: [...params] });
      return answer();
    },
    async batch(queries: { query: string; params?: unknown[] }[]) {
      if (failure) throw failure;
      for (const q of queries) statements.push({ query: q.query, params: [...(q.params ?? [])] });
      return answer();
    },
  } as unknown as cassandra.Client;
  return {
    client,
    statements,
    failWith: (error) => void (failure = error),
    inserts: (table) =>
      statements.filter((s) => new RegExp(`^\\s*INSERT INTO (\\w+\\.)?${table}\\b`, "i").test(s.query)).map((s) => s.params),
  };
}
