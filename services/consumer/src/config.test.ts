import { describe, expect, test } from "bun:test";
import { readConfig } from "./config.ts";

describe("consumer config", () => {
  test("defaults", () => {
    expect(readConfig({})).toMatchObject({
      port: 8081,
      consumerGroup: "tally-consumer",
      consumeTopics: ["billing-files", "api-logs"],
      consumeOnStart: false,
      fromBeginning: true,
      lagRefreshMs: 5000,
    });
  });

  test("overrides and bad values", () => {
    const c = readConfig({ CONSUME_ON_START: "true", CONSUME_TOPICS: "payments", CONSUMER_GROUP: "g2" });
    expect(c).toMatchObject({ consumeOnStart: true, consumeTopics: ["payments"], consumerGroup: "g2" });
    expect(() => readConfig({ CONSUME_ON_START: "sometimes" })).toThrow(/CONSUME_ON_START/);
  });
});
