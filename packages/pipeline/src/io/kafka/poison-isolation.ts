import type { Batch, KafkaMessage } from "kafkajs";
import { describe, isRetriable } from "../../errors.ts";
import type { DeadLetterSink, Rejected } from "../../model/context.ts";
import { addOutcome, zeroCounts, type BatchHandler, type BatchHandlerContext, type ConsumeCounts } from "./consume-state.ts";
import { toKafkaRecord } from "./kafka-record.ts";

/** What handling a failed batch message by message came to. */
export interface IsolationResult {
  /** What the handled messages reported, plus one dead letter per poison message. */
  counts: ConsumeCounts;
  /** One past the last message handled or dead-lettered, to commit; null when none was. */
  commitOffset: string | null;
  /** The message a retriable failure (or a failed dead-letter write) stopped at: retry from there. */
  stopped?: { offset: string; error: unknown };
  /** The partition was revoked or rewound meanwhile: commit nothing, the next owner redoes it. */
  interrupted: boolean;
  /** What was dead-lettered (Kafka records, kind "permanent_failure"), in offset order. */
  letters: Rejected[];
}

/** The same batch with only message `m` (same topic, partition and watermark), for a `BatchHandler`. */
export function singleMessageBatch(batch: Batch, m: KafkaMessage): Batch {
  return {
    topic: batch.topic,
    partition: batch.partition,
    highWatermark: batch.highWatermark,
    messages: [m],
    isEmpty: () => false,
    firstOffset: () => m.offset,
    lastOffset: () => m.offset,
    offsetLag: () => (BigInt(batch.highWatermark) - 1n - BigInt(m.offset)).toString(),
    offsetLagLow: () => (BigInt(batch.highWatermark) - 1n - BigInt(m.offset)).toString(),
  };
}

/**
 * After `handle` failed a whole batch with a permanent error (`retriable: false`), finds the
 * poison: the messages are handled one at a time, in order; one that fails permanently again is
 * dead-lettered with the error as its reason, the others are handled normally (handlers write
 * idempotently, so redoing what the failed attempt already wrote is safe). A retriable failure, or
 * a dead-letter write that fails, stops the walk at that message so it is retried, not skipped.
 * A batch of one message is dead-lettered at once with `firstError`.
 */
export async function isolatePoison(
  batch: Batch,
  handle: BatchHandler,
  ctx: BatchHandlerContext,
  deadLetters: DeadLetterSink,
  firstError: unknown,
  stillOwned: () => boolean,
): Promise<IsolationResult> {
  const result: IsolationResult = { counts: zeroCounts(), commitOffset: null, interrupted: false, letters: [] };
  for (const m of batch.messages) {
    if (!stillOwned()) return { ...result, interrupted: true };
    let error: unknown;
    let failed = false;
    if (batch.messages.length === 1) {
      error = firstError;
      failed = true;
    } else {
      try {
        const outcome = (await handle(singleMessageBatch(batch, m), ctx)) ?? {};
        addOutcome(result.counts, outcome, 1);
      } catch (e) {
        error = e;
        failed = true;
      }
    }
    if (failed) {
      if (isRetriable(error)) return { ...result, stopped: { offset: m.offset, error } };
      const record = toKafkaRecord(batch.topic, batch.partition, m);
      const letter: Rejected = { batchId: `${batch.topic}/${batch.partition}@${m.offset}`, item: record, reason: `permanent failure: ${describe(error)}`, kind: "permanent_failure" };
      try {
        await deadLetters.write([letter]);
      } catch (e) {
        return { ...result, stopped: { offset: m.offset, error: e } };
      }
      result.letters.push(letter);
      result.counts.deadLetters += 1;
    }
    result.commitOffset = (BigInt(m.offset) + 1n).toString();
  }
  return result;
}
