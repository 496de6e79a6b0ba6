/** @tally/pipeline/cassandra: the statement pool, an idempotent upsert sink, insert-if-absent (LWT) per partition, exact decimals, error classification. */
export { cassandraUpsertSink, type CassandraUpsertOptions } from "./upsert-sink.ts";
export { insertIfAbsent, type InsertIfAbsentOptions, type InsertOutcome } from "./insert-if-absent.ts";
export { DEFAULT_CONCURRENCY, executeAll, readAll, readPerPartition } from "./statements.ts";
export { toCassandraDecimal, toCassandraLong } from "./decimal.ts";
export { classifyCassandraError } from "./classify-error.ts";
