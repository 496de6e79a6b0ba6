import { ConfigError, envBool, envInt, envList, envOptional, envString, type EnvSource } from "./env.ts";
import { CONSISTENCY_NAMES, consistencyName, DEFAULT_CONSISTENCY, type ConsistencyName } from "./cassandra-consistency.ts";
import { DEFAULT_BODY_LIMIT_BYTES } from "./middleware/body-limit.ts";

/** Settings every service reads the same way; defaults point at the local stack. */
export interface ServiceConfig {
  service: string;
  /** Interface to listen on (HOST, default 127.0.0.1: reachable from this machine only). */
  host: string;
  port: number;
  /** Unset means no auth (local use). */
  apiToken: string | undefined;
  bodyLimitBytes: number;
  kafka: { brokers: string[]; clientId: string };
  cassandra: { contactPoints: string[]; localDataCenter: string; keyspace: string; consistency: ConsistencyName };
}

/**
 * Reads the shared variables: HOST, PORT, API_TOKEN, ALLOW_UNAUTHENTICATED, BODY_LIMIT_BYTES,
 * KAFKA_BROKERS, KAFKA_CLIENT_ID, CASSANDRA_CONTACT_POINTS, CASSANDRA_LOCAL_DC, CASSANDRA_KEYSPACE,
 * CASSANDRA_CONSISTENCY.
 * Throws a ConfigError naming the variable on a bad value — and when HOST is beyond loopback
 * without API_TOKEN, unless ALLOW_UNAUTHENTICATED=true.
 */
export function readServiceConfig(service: string, defaultPort: number, env: EnvSource = process.env): ServiceConfig {
  const host = envString("HOST", "127.0.0.1", env);
  const apiToken = envOptional("API_TOKEN", env);
  // Open to the network with nobody asked for a token: refuse, unless the operator says so on purpose.
  if (!isLoopback(host) && apiToken === undefined && !envBool("ALLOW_UNAUTHENTICATED", false, env)) {
    throw new ConfigError("HOST", `${host} is reachable beyond this machine and API_TOKEN is unset: set API_TOKEN, or ALLOW_UNAUTHENTICATED=true to serve without auth anyway`);
  }
  return {
    service,
    host,
    port: envInt("PORT", defaultPort, { min: 0, max: 65535 }, env),
    apiToken,
    bodyLimitBytes: envInt("BODY_LIMIT_BYTES", DEFAULT_BODY_LIMIT_BYTES, { min: 1 }, env),
    kafka: {
      brokers: envList("KAFKA_BROKERS", ["127.0.0.1:9092"], env),
      clientId: envString("KAFKA_CLIENT_ID", `tally-${service}`, env),
    },
    cassandra: {
      contactPoints: envList("CASSANDRA_CONTACT_POINTS", ["127.0.0.1:9042"], env),
      localDataCenter: envString("CASSANDRA_LOCAL_DC", "datacenter1", env),
      keyspace: envKeyspace(env),
      consistency: envConsistency(env),
    },
  };
}

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function envConsistency(env: EnvSource): ConsistencyName {
  const value = envString("CASSANDRA_CONSISTENCY", DEFAULT_CONSISTENCY, env);
  const name = consistencyName(value);
  if (name === undefined) throw new ConfigError("CASSANDRA_CONSISTENCY", `expected one of ${CONSISTENCY_NAMES.join(", ")}, got ${JSON.stringify(value)}`);
  return name;
}

function envKeyspace(env: EnvSource): string {
  const ks = envString("CASSANDRA_KEYSPACE", "tally", env);
  // Validated here because the keyspace ends up inside CQL text, where it cannot be a bind marker.
  if (!/^[A-Za-z][A-Za-z0-9_]{0,47}$/.test(ks)) {
    throw new ConfigError("CASSANDRA_KEYSPACE", `expected letters, digits and underscores, got ${JSON.stringify(ks)}`);
  }
  return ks;
}

/**
 * Runs `read` and returns its config; on a bad value writes one clear JSON line to stderr and
 * exits 2, so an operator sees "PORT: expected an integer" rather than a stack trace.
 */
export function configOrExit<T>(service: string, read: () => T, exit: (code: number) => never = process.exit): T {
  try {
    return read();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(JSON.stringify({ level: "error", service, msg: `invalid configuration: ${message}` }) + "\n");
    return exit(2);
  }
}
