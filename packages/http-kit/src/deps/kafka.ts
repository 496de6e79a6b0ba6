import { Kafka, logLevel, type Admin, type LogEntry, type RetryOptions } from "kafkajs";
import type { HealthCheck } from "../health.ts";
import { repeatLimiter } from "../log-repeats.ts";
import type { Logger } from "../logger.ts";

/** The same kafkajs line at most once per this long (log-repeats.ts); the count held back goes with the next. */
const REPEAT_WINDOW_MS = 10_000;

/**
 * Small retry budget: on request paths an unreachable broker must fail within seconds,
 * not after kafkajs' default of 5 retries with up to 30 s backoff.
 */
export const FAST_RETRY: RetryOptions = { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 };

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  retry?: RetryOptions;
}

/** A kafkajs client that logs through our JSON logger (warn and up) and fails fast. */
export function createKafka(settings: KafkaSettings, logger: Logger): Kafka {
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    connectionTimeout: settings.connectionTimeoutMs ?? 3000,
    requestTimeout: settings.requestTimeoutMs ?? 10_000,
    retry: settings.retry ?? FAST_RETRY,
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(logger),
  });
}

/**
 * Maps kafkajs log entries onto our logger, keeping its namespace and structured fields. A line repeated
 * within 10 s (a broker outage: every retry of every connection) is held back and counted; the next one
 * let through carries `repeated: N`.
 */
export function kafkaLogCreator(logger: Logger, allow = repeatLimiter(REPEAT_WINDOW_MS)) {
  return (_level: logLevel) =>
    ({ namespace, level, log }: LogEntry): void => {
      // Stacks are dropped: a broker outage logs one line per retry, and the stack is always kafkajs' own.
      const { message, timestamp: _t, logger: _l, stack: _s, ...fields } = log as Record<string, unknown> & {
        message: string;
      };
      const verdict = allow(`${namespace}: ${message}`);
      if (!verdict.write) return;
      const entry = { component: `kafkajs.${namespace}`, ...fields, ...(verdict.suppressed > 0 ? { repeated: verdict.suppressed } : {}) };
      if (level === logLevel.ERROR || level === logLevel.NOTHING) logger.error(message, entry);
      else if (level === logLevel.WARN) logger.warn(message, entry);
      else if (level === logLevel.INFO) logger.info(message, entry);
      else logger.debug(message, entry);
    };
}

/**
 * Healthy when the cluster answers a metadata request. connect() is a no-op while a broker
 * connection is up and reconnects otherwise, so a broker that comes back is noticed.
 */
export function kafkaHealthCheck(admin: Admin, timeoutMs = 3000): HealthCheck {
  return {
    name: "kafka",
    timeoutMs,
    check: async () => {
      await admin.connect();
      const { brokers } = await admin.describeCluster();
      if (brokers.length === 0) throw new Error("cluster reported no brokers");
    },
  };
}

/**
 * Wraps a connect function so concurrent callers share one attempt and a failed attempt is
 * retried by the next caller (kafkajs producers must be connected before send).
 */
export function connectOnce(connect: () => Promise<void>): () => Promise<void> {
  let pending: Promise<void> | undefined;
  return () => {
    pending ??= connect().catch((err: unknown) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
}
