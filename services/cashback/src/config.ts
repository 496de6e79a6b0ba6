import { readConsumeConfig, readServiceConfig, type ConsumeConfig, type EnvSource, type ServiceConfig } from "@tally/http-kit";

export interface CashbackConfig extends ServiceConfig {
  /** How the jobs are consumed (CONSUMER_GROUP, CONSUME_TOPICS, CONSUME_ON_START, DEAD_LETTER_TOPIC, …). */
  consume: ConsumeConfig;
}

/** Reads the cashback service's configuration from the environment once, at startup. */
export function readConfig(env: EnvSource = process.env): CashbackConfig {
  // No job yet (the cashback job lands with its issue): nothing is consumed unless CONSUME_TOPICS says so.
  return { ...readServiceConfig("cashback", 8082, env), consume: readConsumeConfig("cashback", [], env) };
}
