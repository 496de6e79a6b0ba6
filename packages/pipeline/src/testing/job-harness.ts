import { Registry } from "prom-client";
import type { Rejected } from "../model/context.ts";
import type { BatchOutcome } from "../io/kafka/consume-state.ts";
import { jobHandler } from "../io/kafka/job-handler.ts";
import { createJobMetrics } from "../io/kafka/job-metrics.ts";
import type { KafkaJob } from "../io/kafka/kafka-job.ts";
import { testBatch } from "./test-batch.ts";

/** TEST SUPPORT: a job run the way the Kafka runner runs it, minus Kafka. */
export interface JobHarness {
  /** Handles one batch of message values on the job's topic; resolves with the outcome the consumer would commit on. */
  handle(values: readonly (string | Uint8Array | null)[], at?: { partition?: number; firstOffset?: number }): Promise<BatchOutcome>;
  /** Dead letters written so far, in order. */
  readonly deadLetters: Rejected[];
  /** Makes the next dead-letter write fail with `error`. */
  failDeadLetters(error: Error): void;
  /** The job's metrics as Prometheus text. */
  metrics(): Promise<string>;
}

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** Wraps `job` in the runner's per-batch handler with in-memory dead letters and a private registry. */
export function jobHarness(job: KafkaJob): JobHarness {
  const registry = new Registry();
  const deadLetters: Rejected[] = [];
  let failure: Error | undefined;
  const handler = jobHandler(job, {
    deadLetters: {
      async write(rejected) {
        if (failure) throw failure;
        deadLetters.push(...rejected);
      },
    },
    metrics: createJobMetrics(registry),
    logger: quiet,
  });
  return {
    deadLetters,
    failDeadLetters: (error) => void (failure = error),
    metrics: () => registry.metrics(),
    handle: async (values, at = {}) => (await handler(testBatch(job.topic, at.partition ?? 0, values, at.firstOffset ?? 0), { heartbeat: async () => {} })) ?? {},
  };
}
