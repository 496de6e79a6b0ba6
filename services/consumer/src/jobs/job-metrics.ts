import { Counter, Histogram, type Registry } from "prom-client";
import type { PoisonKind } from "./poison.ts";

/**
 * Metrics of the billing jobs, on the consumer's registry beside the controller's
 * (`tally_consumer_*`: Kafka records, batch latency, lag). Labels are the source topic
 * (bounded by CONSUME_TOPICS) and, for dead letters, a fixed set of kinds.
 */
export interface JobMetrics {
  /** Input records (CSV rows, log lines) accepted and billed. */
  recordsProcessed: Counter<"topic">;
  /** Input records rejected by the parser (bad rows/lines); they are not billed. */
  recordsRejected: Counter<"topic">;
  bytesRead: Counter<"topic">;
  filesRead: Counter<"topic">;
  deadLetters: Counter<"topic" | "kind">;
  /** Time to read and aggregate one billing file. */
  fileSeconds: Histogram<"topic">;
}

/** Registers the job metrics once on `registry`. */
export function createJobMetrics(registry: Registry): JobMetrics {
  const registers = [registry];
  return {
    recordsProcessed: new Counter({
      name: "tally_billing_records_processed_total",
      help: "Input records (CSV rows, API-log lines) billed and durably written",
      labelNames: ["topic"] as const,
      registers,
    }),
    recordsRejected: new Counter({
      name: "tally_billing_records_rejected_total",
      help: "Input records rejected as malformed (not billed; counted in processed_files.rejected for files)",
      labelNames: ["topic"] as const,
      registers,
    }),
    bytesRead: new Counter({
      name: "tally_billing_bytes_read_total",
      help: "Bytes of billing files and API-log messages read",
      labelNames: ["topic"] as const,
      registers,
    }),
    filesRead: new Counter({
      name: "tally_billing_files_read_total",
      help: "Billing files read, aggregated and written",
      labelNames: ["topic"] as const,
      registers,
    }),
    deadLetters: new Counter({
      name: "tally_dead_letters_total",
      help: "Messages sent to the dead-letter topic, by kind (unsafe_path, unreadable, bad_format, empty, rejected_lines)",
      labelNames: ["topic", "kind"] as const,
      registers,
    }),
    fileSeconds: new Histogram({
      name: "tally_billing_file_duration_seconds",
      help: "Time to stream one billing file through the kernel",
      labelNames: ["topic"] as const,
      buckets: [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
  };
}

/** Kinds of dead letters: poison inputs, plus API-log messages with rejected lines. */
export type DeadLetterKind = PoisonKind | "rejected_lines";
