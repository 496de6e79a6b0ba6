import { envInt, envList, readServiceConfig, type EnvSource, type ServiceConfig } from "@tally/http-kit";

/** Topics POST /produce may write to unless PRODUCE_TOPICS says otherwise. */
export const DEFAULT_PRODUCE_TOPICS = ["billing-files", "api-logs", "user-login", "emp-data", "payments"];

export interface ProducerConfig extends ServiceConfig {
  /** Allow-list for POST /produce (PRODUCE_TOPICS). */
  produceTopics: string[];
  /** How long POST /produce waits for the broker's ack before answering 503 (PRODUCE_TIMEOUT_MS). */
  produceTimeoutMs: number;
  /** How long the first message of a produce request waits for others to join it (PRODUCE_LINGER_MS; 0: one event-loop turn). */
  produceLingerMs: number;
  /** Kafka produce requests in flight per topic before due batches wait for one to complete (PRODUCE_MAX_IN_FLIGHT). */
  produceMaxInFlight: number;
  /** Most messages per Kafka produce request (PRODUCE_BATCH_MAX_MESSAGES). */
  produceBatchMaxMessages: number;
  /** Most bytes per Kafka produce request (PRODUCE_BATCH_MAX_BYTES); below the broker's max.message.bytes. */
  produceBatchMaxBytes: number;
  /** Largest single message (value + key + header) POST /produce accepts; above it 413 (PRODUCE_MAX_MESSAGE_BYTES). */
  produceMaxMessageBytes: number;
  /** Most items in one batch-form `messages` array (PRODUCE_MAX_REQUEST_MESSAGES). */
  produceMaxRequestMessages: number;
  /** Idempotency keys remembered at most (PRODUCE_IDEMPOTENCY_MAX_KEYS), least recently used dropped first. */
  idempotencyMaxKeys: number;
  /** How long an idempotency key is remembered after its first use (PRODUCE_IDEMPOTENCY_TTL_SECONDS). */
  idempotencyTtlSeconds: number;
  /** Largest `count` POST /generate accepts (GENERATE_MAX_COUNT). */
  generateMaxCount: number;
}

/** POST /generate's count limit unless GENERATE_MAX_COUNT says otherwise. */
export const DEFAULT_GENERATE_MAX_COUNT = 1_000_000;

/** Reads the producer's configuration from the environment once, at startup. */
export function readConfig(env: EnvSource = process.env): ProducerConfig {
  return {
    ...readServiceConfig("producer", 8000, env),
    produceTopics: envList("PRODUCE_TOPICS", DEFAULT_PRODUCE_TOPICS, env),
    produceTimeoutMs: envInt("PRODUCE_TIMEOUT_MS", 5000, { min: 100, max: 60_000 }, env),
    // No timer by default: the in-flight cap does the coalescing (bench/RESULTS.md, "Producer": a 1 ms
    // linger halved the rate at 100 concurrent requests, since each of them waits it out).
    produceLingerMs: envInt("PRODUCE_LINGER_MS", 0, { min: 0, max: 1000 }, env),
    produceMaxInFlight: envInt("PRODUCE_MAX_IN_FLIGHT", 2, { min: 1, max: 100 }, env),
    produceBatchMaxMessages: envInt("PRODUCE_BATCH_MAX_MESSAGES", 2000, { min: 1, max: 100_000 }, env),
    // Half the broker's default max.message.bytes (1 MiB): a whole partition batch must fit under it.
    produceBatchMaxBytes: envInt("PRODUCE_BATCH_MAX_BYTES", 512 * 1024, { min: 1024, max: 64 * 1024 * 1024 }, env),
    // The broker's default max.message.bytes (1,048,588) less record-batch framing.
    produceMaxMessageBytes: envInt("PRODUCE_MAX_MESSAGE_BYTES", 1_000_000, { min: 1, max: 64 * 1024 * 1024 }, env),
    produceMaxRequestMessages: envInt("PRODUCE_MAX_REQUEST_MESSAGES", 10_000, { min: 1, max: 1_000_000 }, env),
    idempotencyMaxKeys: envInt("PRODUCE_IDEMPOTENCY_MAX_KEYS", 100_000, { min: 1, max: 10_000_000 }, env),
    idempotencyTtlSeconds: envInt("PRODUCE_IDEMPOTENCY_TTL_SECONDS", 3600, { min: 1, max: 7 * 24 * 3600 }, env),
    generateMaxCount: envInt("GENERATE_MAX_COUNT", DEFAULT_GENERATE_MAX_COUNT, { min: 1, max: 100_000_000 }, env),
  };
}
