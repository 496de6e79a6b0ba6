import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { readConfig, REPO_ROOT } from "./config.ts";

describe("consumer config", () => {
  test("defaults", () => {
    expect(readConfig({})).toMatchObject({
      port: 8081,
      consumerGroup: "tally-consumer",
      consumeTopics: ["billing-files", "api-logs"],
      consumeOnStart: false,
      fromBeginning: true,
      lagRefreshMs: 5000,
      sessionTimeoutMs: 30_000,
      dataDir: join(REPO_ROOT, "data"),
      ratesFile: join(REPO_ROOT, "config/rates.env"),
      deadLetterTopic: "dead-letters",
      billingFilesTopic: "billing-files",
      apiLogsTopic: "api-logs",
      crashAfterWrite: false,
    });
  });

  test("overrides and bad values", () => {
    const c = readConfig({ CONSUME_ON_START: "true", CONSUME_TOPICS: "payments", CONSUMER_GROUP: "g2", DATA_DIR: "/srv/files" });
    expect(c).toMatchObject({ consumeOnStart: true, consumeTopics: ["payments"], consumerGroup: "g2", dataDir: "/srv/files" });
    expect(() => readConfig({ CONSUME_ON_START: "sometimes" })).toThrow(/CONSUME_ON_START/);
    expect(() => readConfig({ TALLY_TEST_CRASH_AFTER_WRITE: "maybe" })).toThrow(/TALLY_TEST_CRASH_AFTER_WRITE/);
  });
});
