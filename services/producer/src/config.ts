import { envInt, envList, readServiceConfig, type EnvSource, type ServiceConfig } from "@tally/http-kit";

/** Topics POST /produce may write to unless PRODUCE_TOPICS says otherwise. */
export const DEFAULT_PRODUCE_TOPICS = ["billing-files", "api-logs", "user-login", "emp-data", "payments"];

export interface ProducerConfig extends ServiceConfig {
  /** Allow-list for POST /produce (PRODUCE_TOPICS). */
  produceTopics: string[];
  /** How long POST /produce waits for the broker's ack before answering 503 (PRODUCE_TIMEOUT_MS). */
  produceTimeoutMs: number;
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
    generateMaxCount: envInt("GENERATE_MAX_COUNT", DEFAULT_GENERATE_MAX_COUNT, { min: 1, max: 100_000_000 }, env),
  };
}
