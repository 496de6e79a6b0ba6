import type { Admin, Kafka } from "kafkajs";
import type { Registry } from "prom-client";
import type { RetryOptions } from "../../runners/retry.ts";
import type { BatchHandler } from "./consume-state.ts";
import type { DeadLetterSink } from "../../model/context.ts";

/**
 * Bytes one fetch returns per partition by default: 16 MiB (a fetch is at most 32 MiB in all). With
 * half that, bench:logins did 35 rounds of fetch, count, write and commit for 1.2M events instead of
 * ~20, each with its own round trips: 16 MiB was faster in 5 of 6 alternating pairs (median 1.10×), at
 * the price of larger batches held in memory.
 */
export const DEFAULT_FETCH_BYTES_PER_PARTITION = 16 * 1024 * 1024;

/** Structured log lines; `@tally/http-kit`'s logger fits. */
export interface ConsumerLogger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** A failed batch about to be retried, for metrics, logs and tests. */
export interface BatchRetry {
  topic: string;
  partition: number;
  /** Where redelivery starts: the batch's first offset, or the message a poison walk stopped at. */
  firstOffset: string | null;
  /** 1 for the first retry of this partition since its last success. */
  attempt: number;
  delayMs: number;
  error: unknown;
}

/** How a `KafkaBatchConsumer` is wired; only the first six are required. */
export interface KafkaBatchConsumerOptions {
  kafka: Kafka;
  /** Shared admin client, used for lag look-ups. */
  admin: Admin;
  groupId: string;
  topics: string[];
  handleBatch: BatchHandler;
  logger: ConsumerLogger;
  /** Where the `tally_consumer_*` metrics go; default a private registry (not exported). */
  registry?: Registry;
  /** A new group starts at the earliest retained offset (Kafka is the buffer); default true. */
  fromBeginning?: boolean;
  /** Per-partition retry delays; default 0.5 s doubling to 2 s, ±20 % jitter. Retries never run out. */
  backoff?: RetryOptions;
  /** Called for every failed batch before its partition backs off. */
  onRetry?: (info: BatchRetry) => void;
  /** How often lag is refreshed from the brokers while running; default 5000 ms. */
  lagRefreshMs?: number;
  /** Group session timeout in ms (kafkajs default 30 000). */
  sessionTimeoutMs?: number;
  /** Longest wait of one fetch, which bounds how late a resumed partition is fetched again; default 1000 ms. */
  maxWaitTimeInMs?: number;
  /**
   * Most bytes one fetch returns per partition, so about the largest batch a job sees; default
   * DEFAULT_FETCH_BYTES_PER_PARTITION (kafkajs: 1 MiB). Bigger batches share one round of sink writes
   * among more messages.
   */
  maxBytesPerPartition?: number;
  /**
   * Where messages that fail permanently go (errors with `retriable: false`; anything else is
   * retried with backoff). Unset: permanent failures are retried too, and block their partition.
   */
  deadLetters?: DeadLetterSink;
  /** Partitions whose batches are handled at the same time; default 1. */
  partitionsConsumedConcurrently?: number;
  /**
   * With `deadLetters`: once a partition has failed retriably for this long since its last success
   * (a sink down for good), its failing batch is dead-lettered — every message, kind
   * `retries_exhausted`, reason `retries exhausted after N s: <error>` — and committed, so the
   * partition moves on and the letters can be replayed later. Unset or 0: retry forever (Kafka is the buffer).
   */
  giveUpAfterMs?: number;
}
