import { resolve } from "node:path";
import { envBool, envInt, envList, envString, readServiceConfig, type EnvSource, type ServiceConfig } from "@tally/http-kit";

/** The repository root (services/consumer/src → ../../..): relative defaults are resolved against it. */
export const REPO_ROOT = resolve(import.meta.dir, "../../..");

export interface ConsumerConfig extends ServiceConfig {
  /** Kafka consumer group (CONSUMER_GROUP). */
  consumerGroup: string;
  /** Topics to consume (CONSUME_TOPICS). */
  consumeTopics: string[];
  /** Start consuming at boot instead of waiting for POST /consume (CONSUME_ON_START). */
  consumeOnStart: boolean;
  /** A new group starts at the earliest offset (CONSUME_FROM_BEGINNING). */
  fromBeginning: boolean;
  /** Lag refresh period (LAG_REFRESH_MS). */
  lagRefreshMs: number;
  /** Group session timeout (KAFKA_SESSION_TIMEOUT_MS): how long a dead consumer holds its partitions. */
  sessionTimeoutMs: number;
  /** Absolute directory billing-file messages are resolved inside (DATA_DIR). */
  dataDir: string;
  /** Absolute path of the API-log rate card (RATES_FILE). */
  ratesFile: string;
  /** Where unreadable input goes, with its reason (DEAD_LETTER_TOPIC). */
  deadLetterTopic: string;
  /** Topic whose messages name billing CSV files (BILLING_FILES_TOPIC). */
  billingFilesTopic: string;
  /** Topic whose messages carry API-log lines (API_LOGS_TOPIC). */
  apiLogsTopic: string;
  /** Test-only (TALLY_TEST_CRASH_AFTER_WRITE): exit 137 after the Cassandra write, before the commit. */
  crashAfterWrite: boolean;
}

/** Reads the consumer's configuration from the environment once, at startup. */
export function readConfig(env: EnvSource = process.env): ConsumerConfig {
  return {
    ...readServiceConfig("consumer", 8081, env),
    consumerGroup: envString("CONSUMER_GROUP", "tally-consumer", env),
    consumeTopics: envList("CONSUME_TOPICS", ["billing-files", "api-logs"], env),
    consumeOnStart: envBool("CONSUME_ON_START", false, env),
    fromBeginning: envBool("CONSUME_FROM_BEGINNING", true, env),
    lagRefreshMs: envInt("LAG_REFRESH_MS", 5000, { min: 100 }, env),
    // Kafka's group.min.session.timeout.ms defaults to 6000; the broker refuses less.
    sessionTimeoutMs: envInt("KAFKA_SESSION_TIMEOUT_MS", 30_000, { min: 6000 }, env),
    dataDir: resolve(REPO_ROOT, envString("DATA_DIR", "data", env)),
    ratesFile: resolve(REPO_ROOT, envString("RATES_FILE", "config/rates.env", env)),
    deadLetterTopic: envString("DEAD_LETTER_TOPIC", "dead-letters", env),
    billingFilesTopic: envString("BILLING_FILES_TOPIC", "billing-files", env),
    apiLogsTopic: envString("API_LOGS_TOPIC", "api-logs", env),
    crashAfterWrite: envBool("TALLY_TEST_CRASH_AFTER_WRITE", false, env),
  };
}
