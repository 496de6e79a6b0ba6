import type { Pipeline } from "../../model/pipeline.ts";
import type { KafkaRecord } from "./kafka-record.ts";
import { isKafkaTopic } from "./kafka-topic.ts";

/**
 * Work a job does on a clock rather than on a batch, e.g. closing windows of a partition that went
 * quiet (Beam's processing-time timers). The runner calls it every `everyMs` while consuming, never
 * two at once, with the partitions of the job's topic this member owns right now.
 */
export interface JobTimer {
  readonly name: string;
  readonly everyMs: number;
  run(assigned: readonly number[], signal: AbortSignal): Promise<void>;
  /** Releases what runs opened (a producer, say) when the runner stops. */
  close?(): Promise<void>;
  /**
   * Called by the runner when it starts, with `wake`: run this timer again after `delayMs` (0: as
   * soon as possible) besides its interval — for a timer that knows when its next work falls due,
   * or that another one just made work for. A wake during a run runs it once more right after.
   */
  wakeWith?(wake: (delayMs?: number) => void): void;
}

/** A streaming job: a name (the `job_name` label of its metrics) and a pipeline that reads one Kafka topic. */
export interface KafkaJob {
  readonly name: string;
  readonly topic: string;
  readonly pipeline: Pipeline<KafkaRecord, unknown>;
  readonly timers: readonly JobTimer[];
}

const JOB_NAME = /^[a-z][a-z0-9-]{0,62}$/;

/**
 * Declares a job: `kafkaJob("billing-files", pipeline.from(kafkaTopic(t)).apply(…).to(sink))`.
 * Run it, with the service's other jobs, by `kafkaRunner`.
 */
export function kafkaJob<O>(name: string, pipeline: Pipeline<KafkaRecord, O>, options: { timers?: readonly JobTimer[] } = {}): KafkaJob {
  if (!JOB_NAME.test(name)) throw new TypeError(`job names are lower-case kebab-case, got ${JSON.stringify(name)}`);
  if (!isKafkaTopic(pipeline.source)) throw new TypeError(`job ${name} must read from kafkaTopic(…)`);
  for (const t of options.timers ?? []) if (!(t.everyMs >= 10)) throw new TypeError(`timer ${t.name} of job ${name}: everyMs must be at least 10`);
  return { name, topic: pipeline.source.topic, pipeline: pipeline as Pipeline<KafkaRecord, unknown>, timers: options.timers ?? [] };
}
