import { resolve } from "node:path";
import { envBool, envInt, envString, readConsumeConfig, readServiceConfig, type ConsumeConfig, type EnvSource, type ServiceConfig } from "@tally/http-kit";
import { readEmployeesConfig, type EmployeesConfig } from "./employees/employees-config.ts";
import { readLoginConfig, type LoginConfig } from "./logins/login-config.ts";
import { defaultThreads } from "@tally/pipeline/file";

/** The repository root (services/consumer/src → ../../..): relative defaults are resolved against it. */
export const REPO_ROOT = resolve(import.meta.dir, "../../..");

export interface ConsumerConfig extends ServiceConfig {
  /** How the jobs are consumed (CONSUMER_GROUP, CONSUME_TOPICS, CONSUME_ON_START, DEAD_LETTER_TOPIC, …). */
  consume: ConsumeConfig;
  /** Absolute directory billing-file messages are resolved inside (DATA_DIR). */
  dataDir: string;
  /** Absolute path of the API-log rate card (RATES_FILE). */
  ratesFile: string;
  /** Topic whose messages name billing CSV files (BILLING_FILES_TOPIC). */
  billingFilesTopic: string;
  /** Topic whose messages carry API-log lines (API_LOGS_TOPIC). */
  apiLogsTopic: string;
  /** Bill negative costs in billing files as credits (BILLING_ALLOW_CREDITS, default false: such rows are rejected). */
  billingAllowCredits: boolean;
  /**
   * Threads a billing file is aggregated with (KERNEL_THREADS, default: the cores): a file of at least
   * 8 MiB is split into parts aggregated in Workers and merged exactly; smaller ones stream.
   */
  kernelThreads: number;
  /** The login-windows job (LOGIN_TOPIC, LOGIN_WINDOW_SECONDS, …). */
  logins: LoginConfig;
  /** Most records one POST /process body may hold (PROCESS_MAX_RECORDS); more is 413. */
  processMaxRecords: number;
  /**
   * Worker threads POST /process computes large bodies on (PROCESS_THREADS; 0: in the request's thread),
   * started on the first such request. Default: the cores but one (at least one), the one left for the
   * service's own thread, which reads and answers the HTTP: on 2 cores one worker beat two (bench/RESULTS.md).
   */
  processThreads: number;
  /** The employees job (EMPLOYEES_TOPIC, EMPLOYEES_LABEL_VALUES_MAX). */
  employees: EmployeesConfig;
}

/** Reads the consumer's configuration from the environment once, at startup. */
export function readConfig(env: EnvSource = process.env): ConsumerConfig {
  const billingFilesTopic = envString("BILLING_FILES_TOPIC", "billing-files", env);
  const apiLogsTopic = envString("API_LOGS_TOPIC", "api-logs", env);
  const logins = readLoginConfig(env);
  const employees = readEmployeesConfig(env);
  return {
    ...readServiceConfig("consumer", 8081, env),
    consume: readConsumeConfig("consumer", [billingFilesTopic, apiLogsTopic, logins.topic, employees.topic], env),
    dataDir: resolve(REPO_ROOT, envString("DATA_DIR", "data", env)),
    ratesFile: resolve(REPO_ROOT, envString("RATES_FILE", "config/rates.env", env)),
    billingFilesTopic,
    apiLogsTopic,
    billingAllowCredits: envBool("BILLING_ALLOW_CREDITS", false, env),
    kernelThreads: envInt("KERNEL_THREADS", defaultThreads(), { min: 1, max: 256 }, env),
    logins,
    processMaxRecords: envInt("PROCESS_MAX_RECORDS", 100_000, { min: 1 }, env),
    processThreads: envInt("PROCESS_THREADS", Math.max(1, defaultThreads() - 1), { min: 0, max: 256 }, env),
    employees,
  };
}
