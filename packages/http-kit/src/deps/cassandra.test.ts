import { describe, expect, test } from "bun:test";
import cassandra from "cassandra-driver";
import { cassandraHealthCheck, describeCassandraError } from "./cassandra.ts";

describe("cassandra helpers", () => {
  test("NoHostAvailableError becomes one line per host", () => {
    const err = new cassandra.errors.NoHostAvailableError({ "127.0.0.1:9042": new Error("connect ECONNREFUSED 127.0.0.1:9042") });
    expect(describeCassandraError(err)).toBe("no Cassandra host reachable: 127.0.0.1:9042 (connect ECONNREFUSED 127.0.0.1:9042)");
  });

  test("other errors keep their message", () => {
    expect(describeCassandraError(new Error("Keyspace 'tally' does not exist"))).toBe("Keyspace 'tally' does not exist");
  });

  test("the check runs the system.local query", async () => {
    const queries: string[] = [];
    const fake = {
      connect: async () => {},
      execute: async (q: string) => (queries.push(q), { first: () => ({ release_version: "5.0" }) }),
    } as unknown as cassandra.Client;
    await cassandraHealthCheck(fake).check(new AbortController().signal);
    expect(queries).toEqual(["SELECT release_version FROM system.local"]);
  });
});

describe("createCassandra", () => {
  test("reconnects to a node that came back within seconds, not the driver's minutes", async () => {
    const { createCassandra, RECONNECT } = await import("./cassandra.ts");
    const client = createCassandra({ contactPoints: ["127.0.0.1:1"], localDataCenter: "dc", keyspace: "k" });
    const policy = (client as unknown as { options: { policies: { reconnection: cassandra.policies.reconnection.ReconnectionPolicy } } }).options.policies.reconnection;
    expect(policy).toBeInstanceOf(cassandra.policies.reconnection.ExponentialReconnectionPolicy);
    const schedule = policy.newSchedule();
    const delays = Array.from({ length: 8 }, () => schedule.next().value as number);
    expect(delays[0]!).toBeLessThanOrEqual(2 * RECONNECT.baseDelayMs);
    expect(Math.max(...delays)).toBeLessThanOrEqual(RECONNECT.maxDelayMs);
    await client.shutdown();
  });
});
