import { afterAll, beforeAll } from "bun:test";
import { Client } from "cassandra-driver";
import { applySchema } from "../../infra/local/src/schema.ts";

/**
 * The one place integration tests get their servers from.
 * Default: the local stack (`bun run stack up`, started by `bun run test`).
 * TALLY_TEST_SERVERS=containers: testcontainers (needs a Docker engine; cannot run on our machines).
 */

export interface Servers {
  kafkaBrokers: string[];
  cassandra: { contactPoints: string[]; localDataCenter: string };
  prometheusUrl: string;
}

/** A suffix unique to this test run, so tests never touch the data a user sees. */
export const RUN_ID = process.env.TALLY_TEST_RUN_ID ?? `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

/** A per-run topic name, e.g. `billing-files-test-k3x9`. */
export function testTopic(base: string): string {
  return `${base}-test-${RUN_ID}`;
}

/** A per-run keyspace name (Cassandra identifiers: letters, digits, underscores). */
export function testKeyspace(base = "tally"): string {
  return `${base}_test_${RUN_ID}`.toLowerCase().replace(/[^a-z0-9_]/g, "_");
}

let cached: Promise<Servers> | undefined;

/** Resolves the servers for this run (started once, shared by all test files). */
export function servers(): Promise<Servers> {
  cached ??= process.env.TALLY_TEST_SERVERS === "containers" ? containerServers() : Promise.resolve(localServers());
  return cached;
}

function localServers(): Servers {
  return {
    kafkaBrokers: (process.env.KAFKA_BROKERS ?? "127.0.0.1:9092").split(","),
    cassandra: {
      contactPoints: (process.env.CASSANDRA_CONTACT_POINTS ?? "127.0.0.1:9042").split(","),
      localDataCenter: process.env.CASSANDRA_LOCAL_DC ?? "datacenter1",
    },
    prometheusUrl: process.env.PROMETHEUS_URL ?? "http://127.0.0.1:9090",
  };
}

async function containerServers(): Promise<Servers> {
  // Kept thin on purpose: the containers path needs a Docker engine, which our machines lack.
  const { KafkaContainer } = await import("@testcontainers/kafka" as string);
  const { CassandraContainer } = await import("@testcontainers/cassandra" as string);
  const kafka = await new KafkaContainer("confluentinc/cp-kafka:7.6.1").withKraft().start();
  const cassandra = await new CassandraContainer("cassandra:5.0").start();
  return {
    kafkaBrokers: [`${kafka.getHost()}:${kafka.getMappedPort(9093)}`],
    cassandra: { contactPoints: [cassandra.getContactPoint()], localDataCenter: cassandra.getDatacenter() },
    prometheusUrl: process.env.PROMETHEUS_URL ?? "http://127.0.0.1:9090",
  };
}

/**
 * Registers beforeAll/afterAll hooks that create a per-run keyspace with the shared schema
 * (infra/cassandra/schema.cql) and drop it afterwards. Call at a test file's top level.
 */
export function useTestKeyspace(base = "tally"): { keyspace: string; client: () => Client } {
  const keyspace = testKeyspace(base);
  let client: Client | undefined;
  beforeAll(async () => {
    const s = await servers();
    client = new Client({ contactPoints: s.cassandra.contactPoints, localDataCenter: s.cassandra.localDataCenter });
    await client.connect();
    await applySchema(client, keyspace);
  }, 120_000);
  afterAll(async () => {
    await client?.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`).catch(() => {});
    await client?.shutdown();
  });
  return {
    keyspace,
    client: () => {
      if (!client) throw new Error("the test keyspace is only available inside tests (after beforeAll)");
      return client;
    },
  };
}
