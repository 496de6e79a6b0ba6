import type { Consumer, EachBatchPayload } from "kafkajs";
import { Registry } from "prom-client";
import { describe, isRetriable, PipelineError } from "../../errors.ts";
import { backoffDelay } from "../../runners/retry.ts";
import { DEFAULT_FETCH_BYTES_PER_PARTITION, type KafkaBatchConsumerOptions } from "./batch-consumer-options.ts";
import { addOutcome, zeroCounts, type BatchOutcome, type ConsumeCounts, type ConsumerController, type ConsumeState } from "./consume-state.ts";
import { createConsumerMetrics, type ConsumerMetrics } from "./consumer-metrics.ts";
import { refreshGroupLag } from "./group-lag.ts";
import { PartitionTable } from "./partition-table.ts";
import type { DeadLetterSink, Rejected } from "../../model/context.ts";
import { toKafkaRecord } from "./kafka-record.ts";
import { isolatePoison } from "./poison-isolation.ts";
import { batchHeartbeat, isMembershipLost } from "./batch-heartbeat.ts";


/** Longest wait between a failing partition's retries (see retryLater). */
const RETRY_CAP_MS = 2000;
/**
 * The one Kafka consume loop: a kafkajs consumer in group `groupId` whose offsets are committed
 * only after `handleBatch` returned (the batch is durably processed). A failing batch is not
 * committed: its partition is paused, rewound to the batch start and resumed after a backoff,
 * while the other partitions keep flowing and kafkajs keeps heartbeating. With `deadLetters` set, a
 * permanent failure (`retriable: false`) dead-letters only the message(s) that cause it and the
 * partition moves on: poison never blocks a partition. Start and stop are
 * idempotent; lag and counts are reported by `state()` and as `tally_consumer_*` metrics.
 */
export class KafkaBatchConsumer implements ConsumerController {
  private consumer: Consumer | undefined;
  private running = false;
  private startedAt: Date | undefined;
  /** Serializes start/stop so concurrent calls never create a second consumer. */
  private transition: Promise<void> = Promise.resolve();
  private readonly counts: ConsumeCounts = zeroCounts();
  private readonly table = new PartitionTable();
  private readonly metrics: ConsumerMetrics;
  private readonly failures = new Map<string, number>();
  /** When each failing partition last succeeded (or started failing), for `giveUpAfterMs`. */
  private readonly failingSince = new Map<string, number>();
  private readonly resumeTimers = new Set<ReturnType<typeof setTimeout>>();
  /** Partitions the group gave this member, by topic (kafkajs GROUP_JOIN); empty while not running. */
  private assigned: Record<string, number[]> = {};
  /** Per `topic:partition`, the last retriable failure's message (said when the partition works again). */
  private readonly lastError = new Map<string, string>();
  private lagTimer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly opts: KafkaBatchConsumerOptions) {
    this.metrics = createConsumerMetrics(opts.registry ?? new Registry(), this.table);
  }

  start(): Promise<void> {
    return this.serialize(async () => {
      if (this.running) return;
      if (this.opts.topics.length === 0) throw new PipelineError("nothing to consume: no job and no topic is configured", { retriable: false });
      // A consumer left behind by a fatal crash is closed before its replacement joins the group.
      await this.consumer?.disconnect().catch(() => {});
      this.consumer = undefined;
      const sessionTimeout = this.opts.sessionTimeoutMs ?? 30_000;
      const consumer = this.opts.kafka.consumer({
        groupId: this.opts.groupId,
        sessionTimeout,
        // kafkajs requires the heartbeat well inside the session.
        heartbeatInterval: Math.min(3000, Math.floor(sessionTimeout / 3)),
        // A typo in the topic list must fail loudly, not create an empty topic.
        allowAutoTopicCreation: false,
        // A fetch waits this long for data on the partitions it has; a partition resumed after a
        // backoff only rejoins at the next fetch, so a short wait keeps retries prompt.
        maxWaitTimeInMs: this.opts.maxWaitTimeInMs ?? 1000,
        maxBytesPerPartition: this.opts.maxBytesPerPartition ?? DEFAULT_FETCH_BYTES_PER_PARTITION,
        maxBytes: Math.max(this.opts.maxBytesPerPartition ?? DEFAULT_FETCH_BYTES_PER_PARTITION, 32 * 1024 * 1024),
      });
      // Set before run(): a failing first batch checks it to decide whether to resume.
      this.consumer = consumer;
      try {
        await consumer.connect();
        await consumer.subscribe({ topics: this.opts.topics, fromBeginning: this.opts.fromBeginning ?? true });
        // Eager rebalancing: everything is revoked when a rebalance starts, then GROUP_JOIN hands out
        // the new assignment; in between this member owns nothing.
        consumer.on(consumer.events.REBALANCING, () => {
          if (this.consumer === consumer) this.assigned = {};
        });
        consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
          if (this.consumer === consumer) this.assigned = payload.memberAssignment;
        });
        consumer.on(consumer.events.CRASH, ({ payload }) => {
          if (payload.restart) return; // kafkajs restarts the loop itself
          this.opts.logger.error("consumer crashed and will not restart", { error: payload.error });
          this.running = false;
          this.startedAt = undefined;
          this.assigned = {};
        });
        await consumer.run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently: this.opts.partitionsConsumedConcurrently ?? 1,
          eachBatch: (payload) => this.onBatch(consumer, payload),
        });
      } catch (err) {
        this.consumer = undefined;
        await consumer.disconnect().catch(() => {});
        throw err;
      }
      this.running = true;
      this.startedAt = new Date();
      this.opts.logger.info("consuming", { groupId: this.opts.groupId, topics: this.opts.topics });
      void this.refreshLag();
      this.lagTimer = setInterval(() => void this.refreshLag(), this.opts.lagRefreshMs ?? 5000);
    });
  }

  stop(): Promise<void> {
    return this.serialize(async () => {
      clearInterval(this.lagTimer);
      for (const t of this.resumeTimers) clearTimeout(t);
      this.resumeTimers.clear();
      const consumer = this.consumer;
      this.consumer = undefined;
      this.running = false;
      this.assigned = {};
      this.startedAt = undefined;
      // disconnect() waits for the batch in flight, so its commit still happens.
      if (consumer) await consumer.disconnect();
      if (consumer) this.opts.logger.info("stopped consuming", { groupId: this.opts.groupId });
    });
  }

  /** The partitions of `topic` this member owns now (after the last rebalance); none while stopped. */
  assignedPartitions(topic: string): readonly number[] {
    return this.running ? (this.assigned[topic] ?? []) : [];
  }

  state(): ConsumeState {
    return {
      running: this.running,
      ...(this.startedAt ? { startedAt: this.startedAt.toISOString() } : {}),
      topics: [...this.opts.topics],
      partitions: this.table.list(),
      counts: { ...this.counts },
    };
  }

  /** One fetched batch of one partition: handle, then commit; or back off and redeliver. */
  private async onBatch(consumer: Consumer, p: EachBatchPayload): Promise<void> {
    const { batch } = p;
    if (batch.isEmpty()) return;
    const key = `${batch.topic}:${batch.partition}`;
    const topic = batch.topic;
    const endTimer = this.metrics.batchSeconds.startTimer({ topic });
    let outcome;
    const beats = batchHeartbeat(() => p.heartbeat(), this.heartbeatEveryMs());
    try {
      outcome = (await this.opts.handleBatch(batch, { heartbeat: beats.heartbeat })) ?? {};
    } catch (err) {
      this.metrics.batchFailures.inc({ topic });
      if (isMembershipLost(err)) {
        // Not this batch's fault and no longer this member's partition: no dead letter, no seek. kafkajs
        // rejoins; the partition's next owner redoes the batch from the committed offset, idempotently.
        this.opts.logger.warn("group membership lost during a batch; leaving it to the next owner", { topic, partition: batch.partition, error: err });
        return;
      }
      if (this.opts.deadLetters && !isRetriable(err)) await this.isolate(consumer, p, key, err, this.opts.deadLetters);
      else if (this.opts.deadLetters && this.retriesExhausted(key)) await this.giveUp(consumer, p, key, err, this.opts.deadLetters);
      else this.retryLater(consumer, p, key, err, batch.firstOffset());
      return;
    } finally {
      beats.stop();
    }
    endTimer();
    const failed = this.failures.get(key) ?? 0;
    // Warn, not info: when a partition comes back after an outage is what an operator (and the fault suite's logs) needs.
    if (failed > 0) this.opts.logger.warn("partition handled again after failures", { topic, partition: batch.partition, failedAttempts: failed, lastError: this.lastError.get(key) });
    this.lastError.delete(key);
    this.failures.delete(key);
    this.failingSince.delete(key);
    if (!p.isRunning() || p.isStale()) return; // rebalanced or rewound: the next owner redoes it idempotently
    await this.commit(p, (BigInt(batch.lastOffset()) + 1n).toString());
    this.count(topic, outcome, batch.messages.length);
  }

  /**
   * A permanent failure: handle the batch message by message, dead-letter the poison, commit what
   * is done, and retry from a message that failed retriably (see isolatePoison).
   */
  private async isolate(consumer: Consumer, p: EachBatchPayload, key: string, error: unknown, deadLetters: DeadLetterSink): Promise<void> {
    const { batch } = p;
    const owned = () => p.isRunning() && !p.isStale();
    const beats = batchHeartbeat(() => p.heartbeat(), this.heartbeatEveryMs());
    let r;
    try {
      r = await isolatePoison(batch, this.opts.handleBatch, { heartbeat: beats.heartbeat }, deadLetters, error, owned);
    } finally {
      beats.stop();
    }
    for (const letter of r.letters) {
      this.opts.logger.error("message dead-lettered after a permanent failure", { batch: letter.batchId, reason: letter.reason });
    }
    this.metrics.poisonMessages.inc({ topic: batch.topic }, r.letters.length);
    if (r.interrupted) return;
    if (r.commitOffset !== null) await this.commit(p, r.commitOffset);
    this.count(batch.topic, r.counts, 0);
    if (r.stopped) this.retryLater(consumer, p, key, r.stopped.error, r.stopped.offset);
    else (this.failures.delete(key), this.failingSince.delete(key));
  }

  /** How often a batch in progress beats: well inside kafkajs' heartbeat interval (a third of the session, at most 3 s). */
  private heartbeatEveryMs(): number {
    return Math.max(250, Math.min(1000, Math.floor((this.opts.sessionTimeoutMs ?? 30_000) / 10)));
  }

  /** True once `key` has been failing for `giveUpAfterMs` (the clock starts at its first failure). */
  private retriesExhausted(key: string): boolean {
    const limit = this.opts.giveUpAfterMs ?? 0;
    if (limit <= 0) return false;
    const since = this.failingSince.get(key);
    if (since === undefined) this.failingSince.set(key, Date.now());
    return since !== undefined && Date.now() - since >= limit;
  }

  /** Retries ran out: dead-letter every message of the batch with the last error, commit, move on. */
  private async giveUp(consumer: Consumer, p: EachBatchPayload, key: string, error: unknown, deadLetters: DeadLetterSink): Promise<void> {
    const { batch } = p;
    const seconds = Math.round((Date.now() - this.failingSince.get(key)!) / 1000);
    const letters: Rejected[] = batch.messages.map((m) => ({
      batchId: `${batch.topic}/${batch.partition}@${m.offset}`,
      item: toKafkaRecord(batch.topic, batch.partition, m),
      reason: `retries exhausted after ${seconds} s: ${describe(error)}`,
      kind: "retries_exhausted",
    }));
    try {
      await deadLetters.write(letters);
    } catch (e) {
      this.retryLater(consumer, p, key, e, batch.firstOffset());
      return;
    }
    this.opts.logger.error("batch dead-lettered: retries exhausted", { topic: batch.topic, partition: batch.partition, firstOffset: batch.firstOffset(), messages: letters.length, seconds, error });
    this.failures.delete(key);
    this.failingSince.delete(key);
    if (!p.isRunning() || p.isStale()) return;
    await this.commit(p, (BigInt(batch.lastOffset()) + 1n).toString());
    this.count(batch.topic, { records: 0, deadLetters: letters.length }, batch.messages.length);
  }

  /** Commits `next` for the batch's partition; a failed commit only means an idempotent redelivery. */
  private async commit(p: EachBatchPayload, next: string): Promise<void> {
    const { batch } = p;
    p.resolveOffset((BigInt(next) - 1n).toString());
    try {
      await p.commitOffsetsIfNecessary({ topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }] });
      this.table.committed(batch.topic, batch.partition, Number(next), Number(batch.highWatermark));
    } catch (err) {
      this.metrics.commitFailures.inc({ topic: batch.topic });
      this.opts.logger.warn("offset commit failed; batch will be redelivered", { topic: batch.topic, partition: batch.partition, error: err });
    }
  }

  /** Adds a handled batch's (or isolation walk's) counts to the totals and the metrics. */
  private count(topic: string, outcome: BatchOutcome, messages: number): void {
    addOutcome(this.counts, outcome, messages);
    this.metrics.records.inc({ topic }, outcome.records ?? messages);
  }

  /** Pause the partition, rewind to `from` (the batch start or a message in it), resume after a growing backoff. */
  private retryLater(consumer: Consumer, p: EachBatchPayload, key: string, error: unknown, from: string | null): void {
    const { batch } = p;
    const attempt = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, attempt);
    this.lastError.set(key, describe(error));
    // Capped at 2 s (not 30): the retry is how a partition notices that Cassandra or Kafka is back, and
    // a long outage must not leave it asleep for half a minute after the server returned (issue 12: ≤ 5 s).
    const delayMs = backoffDelay(attempt, { initialRetryTime: 500, maxRetryTime: RETRY_CAP_MS, ...this.opts.backoff });
    const where = { topic: batch.topic, partition: batch.partition, firstOffset: from, attempt, delayMs };
    // The first failure and every 30th after it (~1 a minute at the cap): an outage is not a log flood.
    if (attempt === 1 || attempt % 30 === 0) this.opts.logger.warn("batch failed; not committing, will retry", { ...where, error });
    this.opts.onRetry?.({ ...where, error });
    if (!p.isRunning()) return;
    const resume = p.pause();
    if (from !== null) consumer.seek({ topic: batch.topic, partition: batch.partition, offset: from });
    const timer = setTimeout(() => {
      this.resumeTimers.delete(timer);
      if (this.consumer === consumer) resume();
    }, delayMs);
    this.resumeTimers.add(timer);
  }

  private async refreshLag(): Promise<void> {
    try {
      await refreshGroupLag(this.opts.admin, this.opts.groupId, this.opts.topics, this.table);
    } catch (err) {
      this.opts.logger.debug("lag refresh failed", { error: err });
    }
  }

  private serialize(step: () => Promise<void>): Promise<void> {
    const next = this.transition.then(step);
    this.transition = next.catch(() => {});
    return next;
  }
}
