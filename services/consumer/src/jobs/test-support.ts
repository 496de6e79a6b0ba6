import { createLogger, createMetricsRegistry } from "@tally/http-kit";
import type { DeadLetter } from "@tally/pipeline/kafka";
import type { Batch, KafkaMessage } from "kafkajs";
import type { BatchHandlerContext } from "@tally/pipeline/kafka";
import type { DeadLetterPublisher } from "./dead-letter-publisher.ts";
import { createJobMetrics } from "./job-metrics.ts";

/** A kafkajs Batch of `values` starting at `firstOffset` (unit tests only). */
export function fakeBatch(topic: string, partition: number, values: (string | null)[], firstOffset = 0): Batch {
  const messages = values.map((v, i) => ({ offset: String(firstOffset + i), value: v === null ? null : Buffer.from(v), key: null, timestamp: "0", attributes: 0, headers: {} }) as KafkaMessage);
  return {
    topic,
    partition,
    highWatermark: String(firstOffset + values.length),
    messages,
    isEmpty: () => messages.length === 0,
    firstOffset: () => messages[0]?.offset ?? null,
    lastOffset: () => messages[messages.length - 1]?.offset ?? "0",
    offsetLag: () => "0",
    offsetLagLow: () => "0",
  };
}

/** Collects dead letters in memory; `fail` makes the next send throw. */
export class MemoryDeadLetters implements DeadLetterPublisher {
  letters: DeadLetter[] = [];
  fail: Error | undefined;
  async send(letters: readonly DeadLetter[]) {
    if (this.fail) throw this.fail;
    this.letters.push(...letters);
  }
}

/** Fresh metrics and a silent logger, and a no-op heartbeat. */
export function jobTestKit() {
  const registry = createMetricsRegistry(false);
  return { registry, metrics: createJobMetrics(registry), logger: createLogger("test", "error"), ctx: { heartbeat: async () => {} } satisfies BatchHandlerContext };
}
