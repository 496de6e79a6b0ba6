import { readServiceConfig, type EnvSource, type ServiceConfig } from "@tally/http-kit";

/** Cashback reads only the shared settings for now; its own land with its pipeline job. */
export type CashbackConfig = ServiceConfig;

/** Reads the cashback service's configuration from the environment once, at startup. */
export function readConfig(env: EnvSource = process.env): CashbackConfig {
  return readServiceConfig("cashback", 8082, env);
}
