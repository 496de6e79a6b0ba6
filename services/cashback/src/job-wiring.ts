import type cassandra from "cassandra-driver";
import type { Producer } from "kafkajs";
import type { CashbackConfig } from "./config.ts";

/**
 * What the cashback jobs are built from, read once at startup (index.ts): a job builds its own
 * sinks from these (a Cassandra upsert, a Kafka topic). Tests pass `recordingCassandra().client`.
 */
export interface JobWiring {
  config: CashbackConfig;
  cassandra: cassandra.Client;
  /** For sinks on Kafka topics (`kafkaSink`); the same producer writes the dead letters. */
  producer: Producer;
}
