import { envBool, envInt, envList, envString, readServiceConfig, type EnvSource, type ServiceConfig } from "@tally/http-kit";

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
  };
}
