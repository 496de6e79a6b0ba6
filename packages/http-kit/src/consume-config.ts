import { envBool, envInt, envList, envString, type EnvSource } from "./env.ts";

/**
 * How a consuming service runs its jobs, read the same way by every such service. Most are named
 * like the pipeline's Kafka runner options, so `kafkaRunner({ ...config.consume, … })` fits.
 */
export interface ConsumeConfig {
  /** Kafka consumer group (CONSUMER_GROUP; default `tally-<service>`). */
  groupId: string;
  /** Topics to consume (CONSUME_TOPICS; default: the service's job topics). */
  topics: string[];
  /** A new group starts at the earliest retained offset (CONSUME_FROM_BEGINNING, default true). */
  fromBeginning: boolean;
  /** How often lag is refreshed from the brokers (LAG_REFRESH_MS, default 5000). */
  lagRefreshMs: number;
  /** How long a dead member holds its partitions (KAFKA_SESSION_TIMEOUT_MS, default 8000; Kafka refuses < 6000). */
  sessionTimeoutMs: number;
  /** Start consuming at boot instead of waiting for POST /consume (CONSUME_ON_START, default false). */
  onStart: boolean;
  /** Partitions whose batches are handled at once (CONSUME_PARTITIONS_CONCURRENTLY, default 3: one per partition of our topics). */
  partitionsConsumedConcurrently: number;
  /** Largest fetch per partition in bytes (CONSUME_FETCH_BYTES_PER_PARTITION, default 16 MiB: the pipeline's DEFAULT_FETCH_BYTES_PER_PARTITION). */
  maxBytesPerPartition: number;
  /** Where poison goes, with its reason (DEAD_LETTER_TOPIC, default `dead-letters`). */
  deadLetterTopic: string;
  /** TEST ONLY (TALLY_TEST_CRASH_AFTER_WRITE): SIGKILL itself after a batch is written, before its commit. */
  crashAfterWrite: boolean;
}

/** Reads the consume settings of `service`, whose jobs read `defaultTopics`; a bad value throws a ConfigError naming the variable. */
export function readConsumeConfig(service: string, defaultTopics: readonly string[], env: EnvSource = process.env): ConsumeConfig {
  return {
    groupId: envString("CONSUMER_GROUP", `tally-${service}`, env),
    topics: envList("CONSUME_TOPICS", [...defaultTopics], env),
    fromBeginning: envBool("CONSUME_FROM_BEGINNING", true, env),
    lagRefreshMs: envInt("LAG_REFRESH_MS", 5000, { min: 100 }, env),
    // Kafka's group.min.session.timeout.ms defaults to 6000; the broker refuses less.
    // 8 s: a consumer killed with SIGKILL gives its partitions up within that (heartbeats every 2.7 s), so
    // a survivor has them and commits within ~11-13 s (the fault suite measured 15.3 s at 10 s). Not 6 s:
    // on this shared host a busy member could miss two heartbeats and be thrown out while alive.
    sessionTimeoutMs: envInt("KAFKA_SESSION_TIMEOUT_MS", 8000, { min: 6000 }, env),
    onStart: envBool("CONSUME_ON_START", false, env),
    partitionsConsumedConcurrently: envInt("CONSUME_PARTITIONS_CONCURRENTLY", 3, { min: 1, max: 64 }, env),
    maxBytesPerPartition: envInt("CONSUME_FETCH_BYTES_PER_PARTITION", 16 * 1024 * 1024, { min: 64 * 1024, max: 256 * 1024 * 1024 }, env),
    deadLetterTopic: envString("DEAD_LETTER_TOPIC", "dead-letters", env),
    crashAfterWrite: envBool("TALLY_TEST_CRASH_AFTER_WRITE", false, env),
  };
}
