/**
 * TEST ONLY (not exported by the package): a fake kafkajs consumer and `eachBatch` payload that drive
 * a `KafkaBatchConsumer` (or `kafkaRunner`) by hand, without a broker. Shared by the pipeline's Kafka
 * tests so none keeps its own copy; batches come from the one `testBatch` (@tally/pipeline/testing).
 */
import type { Admin, Batch, EachBatchPayload, Kafka } from "kafkajs";

/** The message values of a batch as text ("" for a tombstone). */
export function batchValues(batch: Batch): string[] {
  return batch.messages.map((m) => m.value?.toString() ?? "");
}

/** What a `testPayload` saw the consume loop do. */
export interface PayloadLog {
  resolved: string[];
  commits: unknown[];
  heartbeats: number;
  paused: number;
  resumed: number;
}

/** An `eachBatch` payload around `batch` that records resolves, commits, heartbeats and pauses. */
export function testPayload(batch: Batch): { p: EachBatchPayload; log: PayloadLog } {
  const log: PayloadLog = { resolved: [], commits: [], heartbeats: 0, paused: 0, resumed: 0 };
  const p = {
    batch,
    resolveOffset: (o: string) => void log.resolved.push(o),
    heartbeat: async () => void log.heartbeats++,
    pause: () => {
      log.paused++;
      return () => void log.resumed++;
    },
    commitOffsetsIfNecessary: async (o?: unknown) => void log.commits.push(o),
    uncommittedOffsets: () => ({ topics: [] }),
    isRunning: () => true,
    isStale: () => false,
  } as unknown as EachBatchPayload;
  return { p, log };
}

/** Just enough of a kafkajs consumer to drive `eachBatch` by hand. */
export class FakeConsumer {
  eachBatch: ((p: EachBatchPayload) => Promise<void>) | undefined;
  subscribed: string[] = [];
  seeks: { topic: string; partition: number; offset: string }[] = [];
  disconnected = false;
  events = { CRASH: "consumer.crash" };
  async connect() {}
  async subscribe(s: { topics: string[] }) {
    this.subscribed.push(...s.topics);
  }
  on() {}
  async run(opts: { eachBatch: (p: EachBatchPayload) => Promise<void> }) {
    this.eachBatch = opts.eachBatch;
  }
  seek(s: { topic: string; partition: number; offset: string }) {
    this.seeks.push(s);
  }
  async disconnect() {
    this.disconnected = true;
  }
}

/** A fake `Kafka` whose `consumer()` makes FakeConsumers (kept in `consumers`), and an admin that reports no lag. */
export function fakeKafka() {
  const consumers: FakeConsumer[] = [];
  const kafka = {
    consumer: () => {
      const c = new FakeConsumer();
      consumers.push(c);
      return c;
    },
  } as unknown as Kafka;
  const admin = {
    fetchOffsets: async () => [],
    fetchTopicOffsets: async () => [],
  } as unknown as Admin;
  return { kafka, admin, consumers };
}
