/** @tally/pipeline/kafka: the consume loop (commit after durable write), producer sink and dead letters. */
export { KafkaBatchConsumer } from "./kafka-batch-consumer.ts";
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
export { pipelineHandler, type KafkaPipeline } from "./pipeline-handler.ts";
export { kafkaSink, type KafkaSinkOptions, type OutgoingMessage } from "./kafka-sink.ts";
export { isolatePoison, singleMessageBatch, type DeadLetterWriter, type IsolationResult } from "./poison-isolation.ts";
export { deadLetterOf, kafkaDeadLetters, sendDeadLetters, toDeadLetter, type DeadLetter } from "./dead-letters.ts";
export { isKafkaRecord, toKafkaRecord, valueText, type KafkaRecord } from "./kafka-record.ts";
export { classifyKafkaError } from "./classify-error.ts";
