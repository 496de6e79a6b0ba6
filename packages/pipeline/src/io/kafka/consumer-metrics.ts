import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { PartitionTable } from "./partition-table.ts";

/** The batch consumer's metrics; topic labels are the subscribed topics, so they stay bounded. */
export interface ConsumerMetrics {
  records: Counter<"topic">;
  batchSeconds: Histogram<"topic">;
  batchFailures: Counter<"topic">;
  commitFailures: Counter<"topic">;
  poisonMessages: Counter<"topic">;
}

/** Registers the consumer metrics; lag is read from `table` at scrape time. */
export function createConsumerMetrics(registry: Registry, table: PartitionTable): ConsumerMetrics {
  const registers = [registry];
  new Gauge({
    name: "tally_consumer_lag",
    help: "Records in the partition not yet committed by the consumer group",
    labelNames: ["topic", "partition"] as const,
    registers,
    collect() {
      this.reset();
      for (const p of table.list()) this.set({ topic: p.topic, partition: String(p.partition) }, p.lag);
    },
  });
  return {
    records: new Counter({
      name: "tally_consumer_records_total",
      help: "Kafka records processed and committed",
      labelNames: ["topic"] as const,
      registers,
    }),
    batchSeconds: new Histogram({
      name: "tally_consumer_batch_duration_seconds",
      help: "Time to durably process one fetched batch",
      labelNames: ["topic"] as const,
      buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    batchFailures: new Counter({
      name: "tally_consumer_batch_failures_total",
      help: "Batches whose handler failed; they are retried after a backoff",
      labelNames: ["topic"] as const,
      registers,
    }),
    commitFailures: new Counter({
      name: "tally_consumer_commit_failures_total",
      help: "Offset commits that failed after a batch was written (it will be redelivered)",
      labelNames: ["topic"] as const,
      registers,
    }),
    poisonMessages: new Counter({
      name: "tally_consumer_poison_messages_total",
      help: "Messages dead-lettered because handling them failed permanently",
      labelNames: ["topic"] as const,
      registers,
    }),
  };
}
