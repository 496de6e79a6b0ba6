import { findKind, generateRecords } from "@tally/generate";
import { checkTopic, produceGenerated } from "@tally/generate/kafka";
import type { Kafka } from "kafkajs";
import type { GenerationRunner } from "./generations.ts";

/** The real GenerationRunner: generated records through an idempotent producer of the service's Kafka client. */
export function kafkaGenerationRunner(kafka: Kafka): GenerationRunner {
  return {
    check: (topic) => checkTopic(kafka, topic),
    run: (params, { signal, onProgress }) =>
      produceGenerated({
        kafka,
        topic: params.topic,
        records: generateRecords(findKind(params.kind), params),
        total: params.count,
        rate: params.rate,
        signal,
        onProgress,
      }),
  };
}
