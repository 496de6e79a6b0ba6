import { pipeline, type BatchContext } from "@tally/pipeline";
import type { Kernel } from "@tally/kernel-wasm";
import { foldPerPartition, kafkaJob, kafkaTopic, type KafkaJob, type KafkaRecord } from "@tally/pipeline/kafka";
import { analyseMessage } from "../employees/analyse-message.ts";
import { createEmployeeMetrics } from "../employees/employee-metrics.ts";
import { EMPLOYEE_STATS } from "../employees/employee-stats-combine.ts";
import type { EmployeeStats } from "../employees/employee-stats.ts";
import { EmployeesStore, employeesSink } from "../employees/employees-store.ts";
import type { JobWiring } from "../job-wiring.ts";

/**
 * employees (seed 001): messages of employee records as JSON lines (`emp-data`, or the original's
 * `json_topic`) → the seed's final_analysis figures (count and exact average salary by gender, birth
 * months, ages, managers, experience) — through the WASM kernel's NDJSON path for messages big enough
 * to pay for it, one JSON.parse per line otherwise, with the same results — cumulative per partition,
 * stored exactly once (compare-and-set on the offset) in `employees_by_partition`; accepted records
 * counted by gender and birth month in Prometheus; refused lines dead-lettered, one letter per message
 * holding only them.
 */
export function employeesJob({ config, kernel, cassandra, registry }: JobWiring): KafkaJob {
  const store = new EmployeesStore(cassandra, config.cassandra.keyspace);
  return kafkaJob(
    "employees",
    pipeline
      .from(kafkaTopic(config.employees.topic))
      .apply(foldPerPartition({ combine: EMPLOYEE_STATS, read: readMessage(kernel), store }))
      .to(employeesSink(store, createEmployeeMetrics(registry, config.employees.labelValuesMax))),
  );
}

/** One message's figures; its refused lines go to the dead letters (the good ones stay counted). */
const readMessage = (kernel: Pick<Kernel, "createAggregator">) => (record: KafkaRecord, ctx: BatchContext): EmployeeStats => {
  const { stats, refused } = analyseMessage(kernel, record.value);
  ctx.count({ records: stats.count, rejected: stats.rejectedCount, bytes: record.value?.length ?? 0 });
  if (stats.count === 0 && refused.length === 0) ctx.reject(record, "empty message: no employee records", "empty");
  else if (refused.length > 0) {
    const listed = refused.map((r) => `line ${r.line}: ${r.reason}`).join("; ");
    const value = Buffer.from(refused.map((r) => r.text).join("\n"));
    ctx.reject({ ...record, value }, `${refused.length} employee record(s) refused, the others were counted: ${listed}`, "rejected_lines");
  }
  return stats;
};
