import { UsageError } from "./errors.ts";

/** Where records go without --brokers and KAFKA_BROKERS. */
export const DEFAULT_BROKERS = "127.0.0.1:9092";

/** The broker list from `--brokers`, else KAFKA_BROKERS, else the local stack's; UsageError naming the source when malformed. */
export function resolveBrokers(flag: string | undefined, env: Record<string, string | undefined>): string[] {
  if (flag !== undefined) return brokerList(flag, "--brokers");
  const fromEnv = env.KAFKA_BROKERS;
  return fromEnv === undefined || fromEnv.trim() === "" ? brokerList(DEFAULT_BROKERS, "default") : brokerList(fromEnv, "KAFKA_BROKERS");
}

function brokerList(value: string, source: string): string[] {
  const list = value.split(",").map((b) => b.trim()).filter((b) => b !== "");
  const bad = list.find((b) => !/^[^\s:/]+:\d{1,5}$/.test(b));
  if (list.length === 0 || bad !== undefined) throw new UsageError(`${source} must be host:port[,host:port…], got '${value}'`);
  return list;
}

/** A Kafka topic name as the broker accepts it (1–249 of `[a-zA-Z0-9._-]`), or a UsageError naming the flag. */
export function topicName(value: string, flag: string): string {
  if (!/^[a-zA-Z0-9._-]{1,249}$/.test(value)) throw new UsageError(`${flag} must be a Kafka topic name (1–249 of a-z A-Z 0-9 . _ -), got '${value}'`);
  return value;
}
