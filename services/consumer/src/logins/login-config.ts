import { ConfigError, envInt, envString, type EnvSource } from "@tally/http-kit";

/** The login-windows job's settings (seed 003). */
export interface LoginConfig {
  /** Topic of `user-login` events (LOGIN_TOPIC). */
  topic: string;
  /** Where each final window's counts are published (LOGIN_ANALYTICS_TOPIC; the original's `user-login-analytics`). */
  analyticsTopic: string;
  /** Tumbling window size, aligned to the epoch (LOGIN_WINDOW_SECONDS, default 20). */
  windowSeconds: number;
  /** How far behind the highest event time an event may be and still count (LOGIN_ALLOWED_LATENESS_SECONDS, default 10). */
  allowedLatenessSeconds: number;
  /** A partition without events this long closes its windows (LOGIN_IDLE_FLUSH_SECONDS, default 30). */
  idleFlushSeconds: number;
  /** Distinct label values per Prometheus label before the rest count as "other" (LOGIN_LABEL_VALUES_MAX, default 100). */
  labelValuesMax: number;
}

/** Reads the login job's settings; a bad value throws a ConfigError naming the variable. */
export function readLoginConfig(env: EnvSource): LoginConfig {
  const windowSeconds = envInt("LOGIN_WINDOW_SECONDS", 20, { min: 1, max: 86_400 }, env);
  const config: LoginConfig = {
    topic: envString("LOGIN_TOPIC", "user-login", env),
    analyticsTopic: envString("LOGIN_ANALYTICS_TOPIC", "user-login-analytics", env),
    windowSeconds,
    allowedLatenessSeconds: envInt("LOGIN_ALLOWED_LATENESS_SECONDS", 10, { min: 0, max: 86_400 }, env),
    idleFlushSeconds: envInt("LOGIN_IDLE_FLUSH_SECONDS", 30, { min: 1, max: 86_400 }, env),
    labelValuesMax: envInt("LOGIN_LABEL_VALUES_MAX", 100, { min: 1, max: 10_000 }, env),
  };
  if (config.topic === config.analyticsTopic) throw new ConfigError("LOGIN_ANALYTICS_TOPIC", "must differ from LOGIN_TOPIC");
  return config;
}
