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
