import type { Admin, Kafka } from "kafkajs";
import type { DeadLetter } from "./dead-letters.ts";

/** Which letters go back, and where. */
export interface ReplayOptions {
  deadLetterTopic: string;
  /** Only letters whose original record came from this topic are replayed. */
  sourceTopic: string;
  /** Where they go; default the source topic itself (the job reads them again through its idempotent path). */
  targetTopic?: string;
  /** Consumer group that remembers how far the dead-letter topic has been replayed. */
  groupId?: string;
  /** Count what would be replayed, write nothing, commit nothing. */
  dryRun?: boolean;
  onProgress?: (summary: ReplaySummary) => void;
}

export interface ReplaySummary {
  /** Dead letters read (up to the end the topic had when the replay started). */
  read: number;
  /** Produced back, acknowledged by all in-sync replicas (in a dry run: that would be). */
  replayed: number;
  /** From another topic, or with nothing to replay (a non-Kafka element, a tombstone). */
  skipped: number;
  /** Not JSON, or not a dead letter: left where they are and counted. */
  unreadable: number;
}

/** What one dead-letter message asks for: a message to produce, or why not. */
export type ReplayDecision = { replay: { key: string | null; value: string } } | { skip: "other_topic" | "no_value" | "unreadable" };

/** Pure: decides one dead-letter message's fate for `sourceTopic`. */
export function replayDecision(value: Buffer | string | null, sourceTopic: string): ReplayDecision {
  let letter: Partial<DeadLetter>;
  try {
    const parsed: unknown = JSON.parse(value === null ? "" : value.toString());
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return { skip: "unreadable" };
    letter = parsed as Partial<DeadLetter>;
  } catch {
    return { skip: "unreadable" };
  }
  if (letter.topic !== sourceTopic) return { skip: "other_topic" };
  if (typeof letter.value !== "string") return { skip: "no_value" };
  return { replay: { key: typeof letter.key === "string" ? letter.key : null, value: letter.value } };
}

/**
 * Puts the dead letters of `sourceTopic` back on it (or on `targetTopic`), oldest first, up to the end the
 * dead-letter topic had when the replay started. Progress is a consumer group's committed offsets, committed
 * only after the produced batch is acknowledged (acks = all): a replay that dies is run again and resumes,
 * re-producing at most the batch in flight — harmless, because every job that dead-letters (cashback claims,
 * keyed upserts) takes the same record twice as once. Letters of other topics are read past, not touched.
 */
export async function replayDeadLetters(kafka: Kafka, opts: ReplayOptions): Promise<ReplaySummary> {
  const groupId = opts.groupId ?? `tally-replay-${opts.sourceTopic}`;
  const target = opts.targetTopic ?? opts.sourceTopic;
  const summary: ReplaySummary = { read: 0, replayed: 0, skipped: 0, unreadable: 0 };
  const admin = kafka.admin();
  await admin.connect();
  let remaining: Map<number, bigint>;
  try {
    remaining = await backlog(admin, opts.deadLetterTopic, groupId);
  } finally {
    await admin.disconnect();
  }
  if (remaining.size === 0) return summary;

  const producer = kafka.producer({ allowAutoTopicCreation: false, idempotent: false });
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  await Promise.all([producer.connect(), consumer.connect()]);
  try {
    await consumer.subscribe({ topic: opts.deadLetterTopic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
            const end = remaining.get(batch.partition);
            if (end === undefined) return;
            const messages: { key: string | null; value: string }[] = [];
            let last: string | undefined;
            for (const message of batch.messages) {
              if (BigInt(message.offset) >= end) break;
              last = message.offset;
              summary.read++;
              const decision = replayDecision(message.value, opts.sourceTopic);
              if ("replay" in decision) messages.push(decision.replay);
              else if (decision.skip === "unreadable") summary.unreadable++;
              else summary.skipped++;
            }
            if (last === undefined) return;
            if (!opts.dryRun && messages.length > 0) await producer.send({ topic: target, acks: -1, messages });
            summary.replayed += messages.length;
            if (!opts.dryRun) {
              resolveOffset(last);
              // With autoCommit off, commitOffsetsIfNecessary never commits: commit the next offset explicitly.
              await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }]);
            }
            await heartbeat();
            opts.onProgress?.({ ...summary });
            if (BigInt(last) + 1n >= end) remaining.delete(batch.partition);
            if (remaining.size === 0) resolve();
          },
        })
        .catch(reject);
      consumer.on(consumer.events.CRASH, (event) => reject(event.payload.error));
    });
  } finally {
    await Promise.allSettled([consumer.disconnect(), producer.disconnect()]);
  }
  return summary;
}

/** Per partition of the dead-letter topic, the end offset to replay up to, where the group has not reached it. */
async function backlog(admin: Admin, topic: string, groupId: string): Promise<Map<number, bigint>> {
  const [ends, committed] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
  const done = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
  const remaining = new Map<number, bigint>();
  for (const p of ends) {
    const end = BigInt(p.high);
    const start = done.get(p.partition) ?? -1n;
    const from = start < 0n ? BigInt(p.low) : start;
    if (from < end) remaining.set(p.partition, end);
  }
  return remaining;
}
