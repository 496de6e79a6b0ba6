import { envInt, envString, type EnvSource } from "@tally/http-kit";

/** The employees job's settings (seed 001). */
export interface EmployeesConfig {
  /** Topic of employee records as JSON lines (EMPLOYEES_TOPIC, default `emp-data`; the original's `json_topic` works too). */
  topic: string;
  /** Distinct genders one Prometheus label may take before the rest count as "other" (EMPLOYEES_LABEL_VALUES_MAX, default 20). */
  labelValuesMax: number;
}

/** Reads the employees job's settings; a bad value throws a ConfigError naming the variable. */
export function readEmployeesConfig(env: EnvSource): EmployeesConfig {
  return {
    topic: envString("EMPLOYEES_TOPIC", "emp-data", env),
    labelValuesMax: envInt("EMPLOYEES_LABEL_VALUES_MAX", 20, { min: 1, max: 1000 }, env),
  };
}
