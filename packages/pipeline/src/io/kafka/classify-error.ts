import { ConnectionError, describe, PipelineError } from "../../errors.ts";

// kafkajs gives up after its own retries with a non-retriable error even when the broker is merely
// down; for our runner an unreachable broker is worth waiting for (Kafka is the buffer).
const TRANSIENT = new Set([
  "KafkaJSNumberOfRetriesExceeded",
  "KafkaJSConnectionError",
  "KafkaJSConnectionClosedError",
  "KafkaJSRequestTimeoutError",
  "KafkaJSBrokerNotFound",
  "KafkaJSLockTimeout",
  "KafkaJSNoBrokerAvailableError",
  "KafkaJSMetadataNotLoaded",
]);

/** Wraps a kafkajs error as a PipelineError whose `retriable` says whether the runner should back off and retry. */
export function classifyKafkaError(error: unknown, action: string): PipelineError {
  if (error instanceof PipelineError) return error;
  const name = (error as { name?: string } | null)?.name ?? "";
  const retriable = TRANSIENT.has(name) || (error as { retriable?: boolean } | null)?.retriable === true;
  const message = `kafka ${action} failed: ${describe(error)}`;
  return retriable ? new ConnectionError(message, { cause: error }) : new PipelineError(message, { cause: error });
}
