/** @tally/pipeline/cassandra: an idempotent upsert sink with prepared statements, exact decimals. */
export { cassandraUpsertSink, type CassandraUpsertOptions } from "./upsert-sink.ts";
export { toCassandraDecimal, toCassandraLong } from "./decimal.ts";
export { classifyCassandraError } from "./classify-error.ts";
