import { Counter, type Registry } from "prom-client";
import { LabelCap } from "../logins/label-cap.ts";
import type { EmployeeStats } from "./employee-stats.ts";

/** Counters of accepted employee records by gender and by birth month, as the seed's count_gender / count_month jobs counted. */
export interface EmployeeMetrics {
  /** Adds what one written batch added (its messages counted once each: redelivered ones are skipped before this). */
  add(delta: EmployeeStats, topic: string): void;
}

/** Registers the counters on `registry`; gender label values are capped at `labelValuesMax` (the rest count as "other"). */
export function createEmployeeMetrics(registry: Registry, labelValuesMax: number): EmployeeMetrics {
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    (registry.getSingleMetric(name) as Counter<L> | undefined) ?? new Counter({ name, help, labelNames, registers: [registry] });
  const byGender = counter("tally_employees_by_gender_total", "Employee records accepted by the employees job, by gender", ["topic", "gender"]);
  const byMonth = counter("tally_employees_by_birth_month_total", "Employee records accepted by the employees job, by birth month (1–12)", ["topic", "month"]);
  const genders = new LabelCap(labelValuesMax);
  return {
    add(delta, topic) {
      for (const [gender, g] of delta.byGender) byGender.inc({ topic, gender: genders.of(gender) }, g.count);
      for (let m = 1; m <= 12; m++) if (delta.byMonth[m]! > 0) byMonth.inc({ topic, month: String(m) }, delta.byMonth[m]!);
    },
  };
}
