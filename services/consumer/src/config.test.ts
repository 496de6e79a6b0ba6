import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { readConfig, REPO_ROOT } from "./config.ts";

describe("consumer config", () => {
  test("defaults", () => {
    expect(readConfig({})).toMatchObject({
      port: 8081,
      consume: {
        groupId: "tally-consumer",
        topics: ["billing-files", "api-logs", "user-login", "emp-data"],
        onStart: false,
        fromBeginning: true,
        lagRefreshMs: 5000,
        sessionTimeoutMs: 8000,
        deadLetterTopic: "dead-letters",
        crashAfterWrite: false,
      },
      dataDir: join(REPO_ROOT, "data"),
      ratesFile: join(REPO_ROOT, "config/rates.env"),
      billingFilesTopic: "billing-files",
      apiLogsTopic: "api-logs",
      billingAllowCredits: false,
      processMaxRecords: 100_000,
      processThreads: Math.max(1, navigator.hardwareConcurrency - 1),
      employees: { topic: "emp-data", labelValuesMax: 20 },
    });
  });

  test("the job topics are the default topics to consume", () => {
    expect(readConfig({ BILLING_FILES_TOPIC: "files-2" }).consume.topics).toEqual(["files-2", "api-logs", "user-login", "emp-data"]);
    expect(readConfig({ EMPLOYEES_TOPIC: "json_topic" }).consume.topics).toContain("json_topic");
  });

  test("overrides and bad values", () => {
    const c = readConfig({ CONSUME_ON_START: "true", CONSUME_TOPICS: "payments", CONSUMER_GROUP: "g2", DATA_DIR: "/srv/files" });
    expect(c).toMatchObject({ consume: { onStart: true, topics: ["payments"], groupId: "g2" }, dataDir: "/srv/files" });
    expect(() => readConfig({ CONSUME_ON_START: "sometimes" })).toThrow(/CONSUME_ON_START/);
    expect(() => readConfig({ TALLY_TEST_CRASH_AFTER_WRITE: "maybe" })).toThrow(/TALLY_TEST_CRASH_AFTER_WRITE/);
    expect(() => readConfig({ KAFKA_SESSION_TIMEOUT_MS: "1000" })).toThrow(/KAFKA_SESSION_TIMEOUT_MS/);
    expect(() => readConfig({ LOGIN_WINDOW_SECONDS: "0" })).toThrow(/LOGIN_WINDOW_SECONDS/);
    expect(() => readConfig({ LOGIN_ANALYTICS_TOPIC: "user-login" })).toThrow(/LOGIN_ANALYTICS_TOPIC/);
    expect(readConfig({ PROCESS_MAX_RECORDS: "500" }).processMaxRecords).toBe(500);
    expect(readConfig({ PROCESS_THREADS: "0" }).processThreads).toBe(0);
    expect(() => readConfig({ PROCESS_THREADS: "-1" })).toThrow(/PROCESS_THREADS/);
    expect(readConfig({ BILLING_ALLOW_CREDITS: "true" }).billingAllowCredits).toBe(true);
    expect(() => readConfig({ BILLING_ALLOW_CREDITS: "credits" })).toThrow(/BILLING_ALLOW_CREDITS/);
    expect(() => readConfig({ PROCESS_MAX_RECORDS: "0" })).toThrow(/PROCESS_MAX_RECORDS/);
    expect(() => readConfig({ EMPLOYEES_LABEL_VALUES_MAX: "0" })).toThrow(/EMPLOYEES_LABEL_VALUES_MAX/);
  });
});
