import { describe, expect, test } from "bun:test";
import { configOrExit, readServiceConfig } from "./service-config.ts";

describe("readServiceConfig", () => {
  test("defaults point at the local stack", () => {
    expect(readServiceConfig("producer", 8000, {})).toEqual({
      service: "producer",
      host: "127.0.0.1",
      port: 8000,
      apiToken: undefined,
      bodyLimitBytes: 1048576,
      kafka: { brokers: ["127.0.0.1:9092"], clientId: "tally-producer" },
      cassandra: { contactPoints: ["127.0.0.1:9042"], localDataCenter: "datacenter1", keyspace: "tally", consistency: "LOCAL_QUORUM" },
    });
  });

  test("env overrides", () => {
    const c = readServiceConfig("consumer", 8081, {
      PORT: "9999",
      API_TOKEN: "t",
      KAFKA_BROKERS: "a:1,b:2",
      CASSANDRA_KEYSPACE: "tally_test_x1",
    });
    expect(c.port).toBe(9999);
    expect(c.apiToken).toBe("t");
    expect(c.kafka.brokers).toEqual(["a:1", "b:2"]);
    expect(c.cassandra.keyspace).toBe("tally_test_x1");
    expect(readServiceConfig("x", 1, { CASSANDRA_CONSISTENCY: "quorum" }).cassandra.consistency).toBe("QUORUM");
  });

  test("serving beyond this machine needs a token, or ALLOW_UNAUTHENTICATED=true on purpose", () => {
    expect(() => readServiceConfig("x", 1, { HOST: "0.0.0.0" })).toThrow(/^HOST: 0\.0\.0\.0 is reachable beyond this machine and API_TOKEN is unset/);
    expect(readServiceConfig("x", 1, { HOST: "0.0.0.0", API_TOKEN: "t" }).host).toBe("0.0.0.0");
    expect(readServiceConfig("x", 1, { HOST: "0.0.0.0", ALLOW_UNAUTHENTICATED: "true" }).host).toBe("0.0.0.0");
    for (const host of ["127.0.0.1", "localhost", "::1", "127.0.0.2"]) expect(readServiceConfig("x", 1, { HOST: host }).host).toBe(host);
  });

  test("bad values name the variable", () => {
    expect(() => readServiceConfig("x", 1, { PORT: "http" })).toThrow(/^PORT: /);
    expect(() => readServiceConfig("x", 1, { BODY_LIMIT_BYTES: "0" })).toThrow(/BODY_LIMIT_BYTES/);
    expect(() => readServiceConfig("x", 1, { CASSANDRA_KEYSPACE: "a;drop" })).toThrow(/CASSANDRA_KEYSPACE/);
    expect(() => readServiceConfig("x", 1, { CASSANDRA_CONSISTENCY: "SERIAL" })).toThrow(/^CASSANDRA_CONSISTENCY: expected one of ONE, .*LOCAL_QUORUM.*, got "SERIAL"/);
  });
});

describe("configOrExit", () => {
  test("returns the config, or exits 2 on a bad value", () => {
    expect(configOrExit("x", () => 42)).toBe(42);
    const exit = (code: number): never => {
      throw new Error(`exit ${code}`);
    };
    const write = process.stderr.write;
    process.stderr.write = () => true;
    try {
      expect(() => configOrExit("x", () => readServiceConfig("x", 1, { PORT: "abc" }), exit)).toThrow("exit 2");
    } finally {
      process.stderr.write = write;
    }
  });
});
