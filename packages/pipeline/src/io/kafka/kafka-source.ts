import type { Consumer, EachBatchPayload } from "kafkajs";
import type { Source, SourceBatch } from "../../model/source.ts";
import { classifyKafkaError } from "./classify-error.ts";
import { Handoff } from "./handoff.ts";
import { toKafkaRecord, type KafkaRecord } from "./kafka-record.ts";

export interface KafkaSourceOptions {
  /** A consumer from `kafka.consumer({ groupId })`; the source connects, subscribes and runs it. */
  consumer: Consumer;
  topics: string[];
  fromBeginning?: boolean;
  /** Partitions fetched in parallel; their batches still reach the runner one at a time. Default 1. */
  partitionsConsumedConcurrently?: number;
}

/**
 * A source over a consumer group, one batch per kafkajs `eachBatch` (one topic-partition each).
 * Offsets are committed manually: `ack` resolves the batch's last offset and commits offset + 1
 * (the next to read), and only the runner calls it, after the sink write resolved.
 * Until then kafkajs waits in eachBatch, so no further messages of that partition are fetched;
 * `keepAlive` heartbeats so a long sink outage does not cost the group membership.
 *
 * Batch ids are `topic/partition@firstOffset`: stable across redelivery of the same batch as long
 * as fetch boundaries are the same; sinks that must be exact per message should key by offset.
 */
export function kafkaSource(options: KafkaSourceOptions): Source<KafkaRecord> {
  const { consumer } = options;
  return {
    async *batches(signal) {
      const handoff = new Handoff<SourceBatch<KafkaRecord>>();
      const removeCrashListener = consumer.on(consumer.events.CRASH, (event) => {
        if (!event.payload.restart) handoff.fail(classifyKafkaError(event.payload.error, "consume"));
      });
      try {
        await consumer.connect();
        await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning ?? false });
        await consumer.run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
          eachBatch: async (payload) => {
            if (payload.batch.isEmpty() || !payload.isRunning() || payload.isStale()) return;
            await handoff.push(toSourceBatch(payload));
          },
        });
      } catch (error) {
        removeCrashListener();
        throw classifyKafkaError(error, "subscribe");
      }
      let current: (() => void) | undefined;
      try {
        for (;;) {
          const next = await handoff.pull(signal);
          if (!next) return;
          current = next.settle;
          yield next.value;
          current = undefined;
          next.settle();
        }
      } finally {
        // Release eachBatch handlers first: consumer.stop() waits for them to return.
        current?.();
        handoff.close();
        removeCrashListener();
        await consumer.stop();
      }
    },
    async close() {
      await consumer.disconnect();
    },
  };
}

function toSourceBatch(payload: EachBatchPayload): SourceBatch<KafkaRecord> {
  const { batch } = payload;
  const last = batch.lastOffset();
  return {
    id: `${batch.topic}/${batch.partition}@${batch.firstOffset()}`,
    items: batch.messages.map((m) => toKafkaRecord(batch.topic, batch.partition, m)),
    async ack() {
      // After a rebalance the partition belongs to another member, which re-reads from the last
      // commit; committing now would fail, and the rows we wrote are upserts it will rewrite.
      if (payload.isStale()) return;
      payload.resolveOffset(last);
      try {
        await payload.commitOffsetsIfNecessary({
          topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: (BigInt(last) + 1n).toString() }] }],
        });
      } catch (error) {
        throw classifyKafkaError(error, "commit");
      }
    },
    async keepAlive() {
      // A failed heartbeat (e.g. rebalance in progress) must not abort the sink retry loop.
      await payload.heartbeat().catch(() => {});
    },
  };
}
