import type { Batch } from "kafkajs";

/** One partition's progress as the group sees it. Offsets fit a Number for any realistic topic. */
export interface PartitionState {
  topic: string;
  partition: number;
  /** Next offset the group will read (Kafka's committed offset), or null before the first commit. */
  committedOffset: number | null;
  highWatermark: number;
  lag: number;
}

/** Running totals since the process started. */
export interface ConsumeCounts {
  records: number;
  /** Input records the jobs refused as malformed (rows, lines, events). */
  rejected: number;
  deadLetters: number;
}

/** A consume loop's state (the consumer service reports it at GET /consume). */
export interface ConsumeState {
  running: boolean;
  startedAt?: string;
  topics: string[];
  partitions: PartitionState[];
  counts: ConsumeCounts;
}

/** Starts and stops a consume loop; a service's HTTP routes only ever talk to this. */
export interface ConsumerController {
  /** Idempotent: resolves once consuming, whether it just started or already was. */
  start(): Promise<void>;
  /** Idempotent: resolves once stopped (in-flight batches finish first). */
  stop(): Promise<void>;
  state(): ConsumeState;
}

/** What a batch handler reports; omitted counts are 0, omitted records means every message. */
export type BatchOutcome = Partial<ConsumeCounts>;

/** Lets a long-running handler keep the group session alive (not the model's `BatchContext`). */
export interface BatchHandlerContext {
  heartbeat(): Promise<void>;
}

/**
 * Processes one fetched batch (one topic-partition). Must return only once its results are
 * durably written: the consumer commits the batch's offsets right after. Throwing means
 * "not written": nothing is committed and the batch is redelivered after a backoff.
 */
export type BatchHandler = (batch: Batch, ctx: BatchHandlerContext) => Promise<BatchOutcome | void>;

/** An all-zero count set. */
export function zeroCounts(): ConsumeCounts {
  return { records: 0, rejected: 0, deadLetters: 0 };
}

/** Adds a handler's outcome for `messages` messages to `counts` (omitted records: every message). */
export function addOutcome(counts: ConsumeCounts, outcome: BatchOutcome, messages: number): void {
  counts.records += outcome.records ?? messages;
  counts.rejected += outcome.rejected ?? 0;
  counts.deadLetters += outcome.deadLetters ?? 0;
}
