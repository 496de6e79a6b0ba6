import type cassandra from "cassandra-driver";
import type { Producer } from "kafkajs";
import type { CashbackConfig } from "./config.ts";
import type { CashbackMetrics } from "./metrics.ts";

/**
 * What the cashback job is built from, read once at startup (index.ts): the job builds its own
 * sinks from these (the ledger and errors tables, the eligible topic). Tests pass `recordingCassandra().client`.
 */
export interface JobWiring {
  config: CashbackConfig;
  cassandra: cassandra.Client;
  /** For the eligible topic; the same producer writes the dead letters. */
  producer: Producer;
  metrics: CashbackMetrics;
}
