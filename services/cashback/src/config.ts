import { resolve } from "node:path";
import { ConfigError, envInt, envOptional, envString, readConsumeConfig, readServiceConfig, type ConsumeConfig, type EnvSource, type ServiceConfig } from "@tally/http-kit";
import type { CashbackRules } from "./rules/cashback-rules.ts";
import { readRulesFile } from "./rules/read-rules-file.ts";

/** The repository root (services/cashback/src → ../../..): relative paths are resolved against it. */
export const REPO_ROOT = resolve(import.meta.dir, "../../..");
const DEFAULT_RULES_FILE = "config/cashback-rules.json";

export interface CashbackConfig extends ServiceConfig {
  /** How the job is consumed (CONSUMER_GROUP, CONSUME_TOPICS, CONSUME_ON_START, DEAD_LETTER_TOPIC, …). */
  consume: ConsumeConfig;
  /** Topic payments are read from (PAYMENTS_TOPIC; the original's `cashback_topic` works too). */
  paymentsTopic: string;
  /** Topic eligible payments are written to (CASHBACK_ELIGIBLE_TOPIC; the original's `eligible_customers_topic` works too). */
  eligibleTopic: string;
  /** Absolute path of the rules file (CASHBACK_RULES_FILE). */
  rulesFile: string;
  /** The rules in force, read once at startup. */
  rules: CashbackRules;
  /** Payments partitions handled at the same time (CASHBACK_PARTITIONS_CONCURRENTLY). */
  partitionsConcurrently: number;
  /** After this long failing (CASHBACK_MAX_RETRY_SECONDS), a batch goes to the dead letters; 0: retry forever. */
  maxRetrySeconds: number;
}

/**
 * Reads the cashback service's configuration and its rules file once, at startup. A bad value or
 * rules file throws a ConfigError whose one line names the variable, the file and the field.
 */
export function readConfig(env: EnvSource = process.env): CashbackConfig {
  const paymentsTopic = envString("PAYMENTS_TOPIC", "payments", env);
  const rulesSetting = envOptional("CASHBACK_RULES_FILE", env);
  const rulesFile = resolve(REPO_ROOT, rulesSetting ?? DEFAULT_RULES_FILE);
  let rules: CashbackRules;
  try {
    rules = readRulesFile(rulesFile, rulesSetting === undefined);
  } catch (error) {
    throw new ConfigError("CASHBACK_RULES_FILE", `${rulesFile}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    ...readServiceConfig("cashback", 8082, env),
    consume: readConsumeConfig("cashback", [paymentsTopic], env),
    paymentsTopic,
    eligibleTopic: envString("CASHBACK_ELIGIBLE_TOPIC", "cashback-eligible", env),
    rulesFile,
    rules,
    partitionsConcurrently: envInt("CASHBACK_PARTITIONS_CONCURRENTLY", 3, { min: 1, max: 64 }, env),
    // 0 by default: Kafka is the buffer, and nothing replays dead letters automatically.
    maxRetrySeconds: envInt("CASHBACK_MAX_RETRY_SECONDS", 0, { min: 0 }, env),
  };
}
