import { Counter, type Registry } from "prom-client";
import type { InputCounts, Rejected } from "../../model/context.ts";

/**
 * The metrics every job gets, one family per event, labelled `job_name` (bounded: a service's job
 * list). Not `job`: Prometheus gives every scraped series the target's `job` label (here the
 * service), and would rename ours to `exported_job`; `job_name` is Flink's name for the same thing.
 * Kafka-level figures (messages, batch time, failures, lag) are the consume loop's `tally_consumer_*`,
 * labelled by topic.
 */
export interface JobMetrics {
  /** Adds one committed batch's figures for `job`. */
  batch(job: string, counts: InputCounts, outputs: number): void;
  /** Counts dead letters written for `job`, by kind. */
  deadLetters(job: string, rejected: readonly Pick<Rejected, "kind">[]): void;
}

/** Registers the job metrics on `registry` (once per registry: a second call reuses them). */
export function createJobMetrics(registry: Registry): JobMetrics {
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    (registry.getSingleMetric(name) as Counter<L> | undefined) ?? new Counter({ name, help, labelNames, registers: [registry] });
  const records = counter("tally_job_records_total", "Input records accepted (CSV rows, log lines, events) and durably written", ["job_name"]);
  const rejected = counter("tally_job_records_rejected_total", "Input records refused as malformed; they count in no total", ["job_name"]);
  const late = counter("tally_late_events_total", "Records that came after their event-time window was final: counted here, added to no window", ["job_name"]);
  const bytes = counter("tally_job_bytes_total", "Input bytes read (files and messages)", ["job_name"]);
  const kernel = counter("tally_job_kernel_seconds_total", "Seconds spent reading and aggregating input in the kernel", ["job_name"]);
  const outputs = counter("tally_job_outputs_total", "Results written to the job's sink", ["job_name"]);
  const letters = counter("tally_job_dead_letters_total", "Inputs sent to the dead-letter topic, by kind (unsafe_path, unreadable, bad_format, empty, rejected_lines, permanent_failure, …)", ["job_name", "kind"]);
  return {
    batch(job, c, out) {
      records.inc({ job_name: job }, c.records);
      rejected.inc({ job_name: job }, c.rejected);
      late.inc({ job_name: job }, c.late);
      bytes.inc({ job_name: job }, c.bytes);
      kernel.inc({ job_name: job }, c.kernelSeconds);
      outputs.inc({ job_name: job }, out);
    },
    deadLetters(job, list) {
      for (const r of list) letters.inc({ job_name: job, kind: r.kind });
    },
  };
}
