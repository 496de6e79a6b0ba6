import { describe, expect, test } from "bun:test";
import { DEFAULT_PRODUCE_TOPICS, readConfig } from "./config.ts";

describe("producer config", () => {
  test("defaults", () => {
    const c = readConfig({});
    expect(c.port).toBe(8000);
    expect(c.produceTopics).toEqual(DEFAULT_PRODUCE_TOPICS);
    expect(c.produceTimeoutMs).toBe(5000);
    expect(c.kafka.clientId).toBe("tally-producer");
    expect(c.generateMaxCount).toBe(1_000_000);
    expect(c.produceLingerMs).toBe(0);
    expect(c.produceMaxInFlight).toBe(2);
    expect(c.produceBatchMaxMessages).toBe(2000);
    expect(c.produceBatchMaxBytes).toBe(524_288);
    expect(c.produceMaxMessageBytes).toBe(1_000_000);
    expect(c.produceMaxRequestMessages).toBe(10_000);
    expect(c.idempotencyMaxKeys).toBe(100_000);
    expect(c.idempotencyTtlSeconds).toBe(3600);
  });

  test("batching and idempotency settings", () => {
    const c = readConfig({ PRODUCE_LINGER_MS: "2", PRODUCE_BATCH_MAX_MESSAGES: "500", PRODUCE_IDEMPOTENCY_TTL_SECONDS: "60" });
    expect([c.produceLingerMs, c.produceBatchMaxMessages, c.idempotencyTtlSeconds]).toEqual([2, 500, 60]);
    expect(() => readConfig({ PRODUCE_MAX_IN_FLIGHT: "0" })).toThrow(/PRODUCE_MAX_IN_FLIGHT/);
    expect(() => readConfig({ PRODUCE_LINGER_MS: "-1" })).toThrow(/PRODUCE_LINGER_MS/);
    expect(() => readConfig({ PRODUCE_BATCH_MAX_BYTES: "10" })).toThrow(/PRODUCE_BATCH_MAX_BYTES/);
  });

  test("GENERATE_MAX_COUNT", () => {
    expect(readConfig({ GENERATE_MAX_COUNT: "5000" }).generateMaxCount).toBe(5000);
    expect(() => readConfig({ GENERATE_MAX_COUNT: "0" })).toThrow(/GENERATE_MAX_COUNT/);
  });

  test("PRODUCE_TOPICS and PRODUCE_TIMEOUT_MS", () => {
    const c = readConfig({ PRODUCE_TOPICS: "a, b", PRODUCE_TIMEOUT_MS: "2000" });
    expect(c.produceTopics).toEqual(["a", "b"]);
    expect(c.produceTimeoutMs).toBe(2000);
    expect(() => readConfig({ PRODUCE_TIMEOUT_MS: "soon" })).toThrow(/PRODUCE_TIMEOUT_MS/);
  });
});
