import cassandra from "cassandra-driver";
import { DEFAULT_CONSISTENCY, type ConsistencyName } from "../cassandra-consistency.ts";
import type { HealthCheck } from "../health.ts";

export interface CassandraSettings {
  contactPoints: string[];
  localDataCenter: string;
  keyspace?: string;
  connectTimeoutMs?: number;
  readTimeoutMs?: number;
  /** Consistency of every statement (CASSANDRA_CONSISTENCY), default LOCAL_QUORUM (cassandra-consistency.ts). */
  consistency?: ConsistencyName;
}

/** The driver's value for each accepted name (cassandra-consistency.ts). */
const CONSISTENCY_LEVELS: Record<ConsistencyName, number> = {
  ONE: cassandra.types.consistencies.one,
  TWO: cassandra.types.consistencies.two,
  THREE: cassandra.types.consistencies.three,
  QUORUM: cassandra.types.consistencies.quorum,
  ALL: cassandra.types.consistencies.all,
  LOCAL_QUORUM: cassandra.types.consistencies.localQuorum,
  EACH_QUORUM: cassandra.types.consistencies.eachQuorum,
  LOCAL_ONE: cassandra.types.consistencies.localOne,
};

/**
 * How soon a lost node is tried again: 500 ms doubling to 2 s, so a Cassandra that comes back is used
 * within seconds (the driver's default doubles from 1 s up to 10 minutes: ~33 s were seen after an outage).
 */
export const RECONNECT = { baseDelayMs: 500, maxDelayMs: 2000 };

/** A cassandra-driver client with short socket timeouts and quick reconnects; it connects lazily on first use. */
export function createCassandra(settings: CassandraSettings): cassandra.Client {
  return new cassandra.Client({
    contactPoints: settings.contactPoints,
    localDataCenter: settings.localDataCenter,
    keyspace: settings.keyspace,
    socketOptions: {
      connectTimeout: settings.connectTimeoutMs ?? 3000,
      readTimeout: settings.readTimeoutMs ?? 10_000,
    },
    policies: { reconnection: new cassandra.policies.reconnection.ExponentialReconnectionPolicy(RECONNECT.baseDelayMs, RECONNECT.maxDelayMs, false) },
    queryOptions: { consistency: CONSISTENCY_LEVELS[settings.consistency ?? DEFAULT_CONSISTENCY] },
  });
}

/**
 * Healthy when the coordinator answers `SELECT release_version FROM system.local`. Connecting
 * with the configured keyspace means a missing keyspace (schema not applied) fails here too.
 */
export function cassandraHealthCheck(client: cassandra.Client, timeoutMs = 3000): HealthCheck {
  return {
    name: "cassandra",
    timeoutMs,
    check: async () => {
      try {
        await client.connect();
        const rs = await client.execute("SELECT release_version FROM system.local");
        if (!rs.first()) throw new Error("system.local returned no row");
      } catch (err) {
        throw new Error(describeCassandraError(err), { cause: err });
      }
    },
  };
}

/**
 * A one-line reason for a driver error. NoHostAvailableError's own message embeds a full
 * stack per host, which is unreadable in a health report; this keeps host and reason only.
 */
export function describeCassandraError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const inner = (err as { innerErrors?: Record<string, unknown> }).innerErrors;
  if (err.name === "NoHostAvailableError" && inner && Object.keys(inner).length > 0) {
    const hosts = Object.entries(inner).map(([host, e]) => `${host} (${e instanceof Error ? e.message : String(e)})`);
    return `no Cassandra host reachable: ${hosts.join(", ")}`;
  }
  return err.message;
}
