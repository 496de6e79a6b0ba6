import { Registry } from "prom-client";
import type { DeadLetterSink } from "../../model/context.ts";
import type { KafkaBatchConsumerOptions } from "./batch-consumer-options.ts";
import type { BatchHandler, ConsumeState, ConsumerController } from "./consume-state.ts";
import { JobTimers } from "./job-timers.ts";
import { jobHandler } from "./job-handler.ts";
import { createJobMetrics } from "./job-metrics.ts";
import { KafkaBatchConsumer } from "./kafka-batch-consumer.ts";
import type { KafkaJob } from "./kafka-job.ts";
import { originalRecord } from "./dead-letters.ts";

export interface KafkaRunnerOptions extends Omit<KafkaBatchConsumerOptions, "topics" | "handleBatch" | "deadLetters"> {
  /** The service's jobs; each reads its own topic. */
  jobs: readonly KafkaJob[];
  /**
   * The topics to consume (default: the jobs' topics). A topic without a job is consumed and
   * committed, nothing else; a job whose topic is not listed does not run.
   */
  topics?: readonly string[];
  /** Where poison goes: elements a job rejected, and messages whose handling failed permanently. */
  deadLetters: DeadLetterSink;
  /** TEST ONLY: called after a batch is written, before its commit (crash-injection tests). */
  afterWrite?: () => void;
}

/**
 * The Kafka runner: runs a service's jobs in one consumer group. Each fetched batch goes to the job
 * of its topic (`jobHandler`: transforms → sink → dead letters), then the consume loop commits it;
 * a failing batch is retried per partition with backoff, and a permanent failure dead-letters only
 * the message that causes it (`KafkaBatchConsumer`). Every job gets the `tally_job_*` metrics, the
 * loop the `tally_consumer_*` ones; the jobs' timers run while it consumes. Returns the controller
 * (start, stop, state).
 */
export function kafkaRunner(options: KafkaRunnerOptions): KafkaJobRunner {
  const { jobs, deadLetters, afterWrite, ...consumer } = options;
  const byTopic = new Map<string, KafkaJob>();
  for (const job of jobs) {
    const other = byTopic.get(job.topic);
    if (other) throw new TypeError(`jobs ${other.name} and ${job.name} both read topic ${job.topic}; one job per topic`);
    byTopic.set(job.topic, job);
  }
  const topics = [...new Set(options.topics ?? byTopic.keys())];
  const unrouted = topics.filter((t) => !byTopic.has(t));
  if (unrouted.length > 0) options.logger.warn("consumed topics without a job are only counted", { topics: unrouted });
  const idle = jobs.filter((j) => !topics.includes(j.topic)).map((j) => j.name);
  if (idle.length > 0) options.logger.warn("jobs whose topic is not consumed will not run", { jobs: idle });

  const metrics = createJobMetrics(consumer.registry ?? new Registry());
  const handlers = new Map<string, BatchHandler>();
  for (const [topic, job] of byTopic) handlers.set(topic, jobHandler(job, { deadLetters, metrics, logger: options.logger, afterWrite }));
  // Consumed, committed, nothing written: "durably processed" is trivially true.
  const countOnly: BatchHandler = async (batch) => ({ records: batch.messages.length });

  // Messages the consume loop dead-letters after a permanent failure count under their job too.
  const loopDeadLetters: DeadLetterSink = {
    async write(rejected) {
      await deadLetters.write(rejected);
      for (const r of rejected) {
        const record = originalRecord(r.item);
        const job = record ? byTopic.get(record.topic) : undefined;
        if (job) metrics.deadLetters(job.name, [r]);
      }
    },
  };
  const loop = new KafkaBatchConsumer({
    ...consumer,
    topics,
    handleBatch: (batch, ctx) => (handlers.get(batch.topic) ?? countOnly)(batch, ctx),
    deadLetters: loopDeadLetters,
  });
  const running = jobs.filter((j) => topics.includes(j.topic));
  return new KafkaJobRunner(loop, new JobTimers(running, (t) => loop.assignedPartitions(t), options.logger));
}

/** The consume loop plus the jobs' timers, started and stopped together. */
export class KafkaJobRunner implements ConsumerController {
  constructor(
    readonly loop: KafkaBatchConsumer,
    private readonly timers: JobTimers,
  ) {}

  async start(): Promise<void> {
    await this.loop.start();
    this.timers.start();
  }

  async stop(): Promise<void> {
    await this.timers.stop();
    await this.loop.stop();
  }

  state(): ConsumeState {
    return this.loop.state();
  }

  /** The partitions of `topic` this member owns now. */
  assignedPartitions(topic: string): readonly number[] {
    return this.loop.assignedPartitions(topic);
  }
}
