/** @tally/pipeline/kafka: kafkajs source (manual commits), producer sink and dead letters. */
export { kafkaSource, type KafkaSourceOptions } from "./kafka-source.ts";
export { kafkaSink, type KafkaSinkOptions, type OutgoingMessage } from "./kafka-sink.ts";
export { deadLetterOf, kafkaDeadLetters, sendDeadLetters, toDeadLetter, type DeadLetter } from "./dead-letters.ts";
export { isKafkaRecord, toKafkaRecord, valueText, type KafkaRecord } from "./kafka-record.ts";
export { classifyKafkaError } from "./classify-error.ts";
export { Handoff } from "./handoff.ts";
