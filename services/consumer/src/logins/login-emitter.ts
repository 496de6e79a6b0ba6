import { keyPartitioner } from "@tally/generate/partitioner";
import type { Logger } from "@tally/http-kit";
import { streamFinalThrough } from "@tally/pipeline";
import { classifyKafkaError, type JobTimer } from "@tally/pipeline/kafka";
import type { Admin, Kafka, Producer } from "kafkajs";
import { analyticsMessages } from "./analytics-message.ts";
import type { LoginMetrics } from "./login-metrics.ts";
import type { LoginStore } from "./login-store.ts";

export interface LoginEmitterOptions {
  kafka: Kafka;
  admin: Admin;
  store: LoginStore;
  metrics: LoginMetrics;
  logger: Logger;
  /** The input topic (its partition 0's owner publishes) and the analytics topic. */
  topic: string;
  analyticsTopic: string;
  /** The consumer group: names the transactional id and the group holding the publish marker. */
  groupId: string;
  windowMs: number;
  /** Most windows published per run (default 1000; a larger backlog drains over a few runs, 250 ms apart). */
  maxWindowsPerRun?: number;
}

/**
 * Closes the stream's windows and publishes each once it is final for the whole stream (every
 * active partition's progress passed its end; idle partitions hold nothing open): one message per
 * (window, record type, value) on the analytics topic, exactly once. Closing is a lightweight
 * transaction on the stream's version, which an idle partition's activation also bumps, so a
 * window never closes under events a waking partition is counting.
 *
 * Exactly once rests on a Kafka transaction: the messages of a run and a marker — the end of the
 * last window published, committed as the "offset" of partition 0 of the analytics topic in the
 * group `<group>-published` — commit together or not at all. The publisher is whoever owns
 * partition 0 of the input topic (Kafka's group protocol picks it, no home-made election); its
 * transactional id is fixed, so a new owner fences a stale one, and it reads the marker only after
 * that fencing, when any transaction of the old owner has been committed or aborted.
 */
export function loginEmitter(o: LoginEmitterOptions): JobTimer & { close(): Promise<void>; publishSoon(): void } {
  let producer: Producer | undefined;
  let wake: ((delayMs?: number) => void) | undefined;
  let publishedThrough = Number.NEGATIVE_INFINITY;
  let partitions = 0;
  const markerGroup = `${o.groupId}-published`;
  const max = o.maxWindowsPerRun ?? 1000;

  async function close(): Promise<void> {
    const p = producer;
    producer = undefined;
    await p?.disconnect().catch(() => {});
  }

  async function open(): Promise<Producer> {
    // keyPartitioner: kafkajs' default partitioner computes the same murmur2 on its 64-bit Long emulation (~3 % of this service's CPU under load).
    const p = o.kafka.producer({ transactionalId: `${o.groupId}-${o.topic}-publisher`, idempotent: true, maxInFlightRequests: 1, createPartitioner: keyPartitioner });
    await p.connect();
    await o.admin.connect(); // a no-op when connected already
    const committed = await o.admin.fetchOffsets({ groupId: markerGroup, topics: [o.analyticsTopic] });
    const marker = Number(committed[0]?.partitions.find((x) => x.partition === 0)?.offset ?? "-1");
    publishedThrough = marker >= 0 ? marker * 1000 : Number.NEGATIVE_INFINITY;
    const meta = await o.admin.fetchTopicMetadata({ topics: [o.topic] });
    partitions = meta.topics[0]?.partitions.length ?? 0;
    return p;
  }

  return {
    name: "publish final windows",
    everyMs: 250,
    close,
    wakeWith: (w) => void (wake = w),
    /** Runs the publisher now rather than at its next tick: a partition just went idle, so windows may be final. */
    publishSoon: () => wake?.(0),
    async run(assigned) {
      if (!assigned.includes(0)) return close();
      try {
        producer ??= await open();
      } catch (error) {
        await close();
        throw classifyKafkaError(error, "open the analytics publisher");
      }
      // Close what every active partition passed (idle ones hold nothing open), then publish it.
      const stream = await o.store.progress();
      // An idle partition whose log has grown since (messages its owner has not counted yet) is not
      // idle any more: it holds the stream's windows like an active one until its owner catches up.
      const ends = new Map((await o.admin.fetchTopicOffsets(o.topic)).map((e) => [e.partition, BigInt(e.high)]));
      const current = stream.partitions.map((p) => ({ ...p, idle: p.idle && (ends.get(p.partition) ?? 0n) <= p.nextOffset }));
      let finalThrough = stream.finalThroughMs;
      const candidate = streamFinalThrough(current, partitions, stream.finalThroughMs);
      if (candidate > finalThrough && (await o.store.advanceStream(candidate, stream.version))) finalThrough = candidate;
      if (finalThrough <= publishedThrough) return;
      // Windows whose end lies in (publishedThrough, finalThrough].
      const from = publishedThrough === Number.NEGATIVE_INFINITY ? 0 : publishedThrough - o.windowMs + 1;
      const windows = (await o.store.windowsBetween(from, finalThrough - o.windowMs + 1)).slice(0, max);
      if (windows.length === 0) return;
      const now = new Date();
      const published = (await o.store.windowCountsOf(windows)).map((counts, i) => ({ w: windows[i]!, counts }));
      const last = windows[windows.length - 1]! + o.windowMs;
      const tx = await producer.transaction();
      try {
        // Sent in requests of at most 1000 messages: a request must stay under the broker's
        // message.max.bytes.
        const messages = published.flatMap(({ w, counts }) => analyticsMessages(w, o.windowMs, counts, now));
        for (let i = 0; i < messages.length; i += 1000) await tx.send({ topic: o.analyticsTopic, acks: -1, messages: messages.slice(i, i + 1000) });
        await tx.sendOffsets({ consumerGroupId: markerGroup, topics: [{ topic: o.analyticsTopic, partitions: [{ partition: 0, offset: String(last / 1000) }] }] });
        await tx.commit();
      } catch (error) {
        await tx.abort().catch(() => {});
        await close(); // a fenced or broken producer is not reused; the next run reopens and rereads the marker
        throw classifyKafkaError(error, `publish windows to ${o.analyticsTopic}`);
      }
      publishedThrough = last;
      for (const { counts } of published) o.metrics.windowFinal(counts);
      o.logger.debug("published final windows", { windows: windows.length, through: new Date(last).toISOString() });
    },
  };
}
