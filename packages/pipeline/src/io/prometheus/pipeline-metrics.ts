import { Counter, Histogram, register as globalRegistry, type Registry } from "prom-client";
import type { BatchReport } from "../../runners/run-batch.ts";

/** Runner hooks that record pipeline metrics; spread into `runPipeline(p, { ...metrics.hooks })`. */
export interface PipelineMetrics {
  hooks: {
    onBatch: (report: BatchReport) => void;
    onRetry: (info: { batchId: string; attempt: number; delayMs: number; error: unknown }) => void;
  };
}

/**
 * Registers (once per registry) the pipeline's metrics, labelled by pipeline name:
 * `tally_pipeline_records_in_total`, `tally_pipeline_records_out_total`,
 * `tally_pipeline_records_rejected_total`, `tally_pipeline_batches_total`,
 * `tally_pipeline_write_retries_total` and the histogram `tally_pipeline_batch_duration_seconds`.
 */
export function pipelineMetrics(pipeline: string, registry: Registry = globalRegistry): PipelineMetrics {
  const labelNames = ["pipeline"] as const;
  const counter = (name: string, help: string) =>
    (registry.getSingleMetric(name) as Counter<"pipeline"> | undefined) ?? new Counter({ name, help, labelNames, registers: [registry] });
  const recordsIn = counter("tally_pipeline_records_in_total", "Elements read from the source.");
  const recordsOut = counter("tally_pipeline_records_out_total", "Elements written to the sink.");
  const rejected = counter("tally_pipeline_records_rejected_total", "Elements sent to the dead letters.");
  const batches = counter("tally_pipeline_batches_total", "Batches written and acknowledged.");
  const retries = counter("tally_pipeline_write_retries_total", "Failed batch writes that were retried.");
  const duration =
    (registry.getSingleMetric("tally_pipeline_batch_duration_seconds") as Histogram<"pipeline"> | undefined) ??
    new Histogram({
      name: "tally_pipeline_batch_duration_seconds",
      help: "Time from taking a batch to acknowledging it.",
      labelNames,
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120],
      registers: [registry],
    });
  const labels = { pipeline };
  return {
    hooks: {
      onBatch(report) {
        recordsIn.inc(labels, report.itemsIn);
        recordsOut.inc(labels, report.itemsOut);
        rejected.inc(labels, report.rejected.length);
        batches.inc(labels);
        duration.observe(labels, report.durationMs / 1000);
      },
      onRetry() {
        retries.inc(labels);
      },
    },
  };
}
