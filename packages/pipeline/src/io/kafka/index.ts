/**
 * @tally/pipeline/kafka: jobs on Kafka topics and the runner that consumes them (commit after
 * durable write, per-partition backoff, dead letters, per-job metrics), a producer sink, start on boot.
 */
export { kafkaTopic, isKafkaTopic, type KafkaTopicSource } from "./kafka-topic.ts";
export { kafkaJob, type JobTimer, type KafkaJob } from "./kafka-job.ts";
export { kafkaRunner, KafkaJobRunner, type KafkaRunnerOptions } from "./kafka-runner.ts";
export { jobHandler, type JobHandlerOptions } from "./job-handler.ts";
export { createJobMetrics, type JobMetrics } from "./job-metrics.ts";
export { startOnBoot } from "./start-on-boot.ts";
export { crashAfterWrite } from "./crash-after-write.ts";
export { KafkaBatchConsumer } from "./kafka-batch-consumer.ts";
export { DEFAULT_FETCH_BYTES_PER_PARTITION } from "./batch-consumer-options.ts";
export type { BatchRetry, ConsumerLogger, KafkaBatchConsumerOptions } from "./batch-consumer-options.ts";
export {
  zeroCounts,
  type BatchHandler,
  type BatchHandlerContext,
  type BatchOutcome,
  type ConsumeCounts,
  type ConsumerController,
  type ConsumeState,
  type PartitionState,
} from "./consume-state.ts";
export { deadLetterRejectedLines } from "./rejected-lines.ts";
export { kafkaSink, type KafkaSinkOptions, type OutgoingMessage } from "./kafka-sink.ts";
export { isolatePoison, singleMessageBatch, type IsolationResult } from "./poison-isolation.ts";
export { replayDeadLetters, replayDecision, type ReplayDecision, type ReplayOptions, type ReplaySummary } from "./replay-dead-letters.ts";
export { deadLetterOf, kafkaDeadLetters, originalRecord, toDeadLetter, type DeadLetter } from "./dead-letters.ts";
export { isKafkaRecord, toKafkaRecord, valueText, type KafkaRecord } from "./kafka-record.ts";
export { classifyKafkaError } from "./classify-error.ts";
export {
  countPerWindow,
  type CountedEvent,
  type BulkRead,
  type CountPerWindowOptions,
  type StoredPartition,
  type WindowStateStore,
  type WindowedPartition,
  type WindowedState,
  type WindowUpdate,
} from "./count-per-window.ts";
export {
  FoldMovedError,
  foldPerPartition,
  type FoldPerPartitionOptions,
  type PartitionFold,
  type PartitionFoldStore,
  type PartitionFoldUpdate,
} from "./fold-per-partition.ts";
