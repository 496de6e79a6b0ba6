import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configOrExit } from "@tally/http-kit";
import { readConfig } from "./config.ts";
import { rulesToJson } from "./rules/cashback-rules.ts";

const dir = mkdtempSync(join(tmpdir(), "cashback-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("cashback config", () => {
  test("defaults to port 8082, the local stack, the payments topic and the original's rules", () => {
    const config = readConfig({});
    expect(config).toMatchObject({
      port: 8082,
      kafka: { brokers: ["127.0.0.1:9092"], clientId: "tally-cashback" },
      consume: { groupId: "tally-cashback", topics: ["payments"], onStart: false, deadLetterTopic: "dead-letters" },
      paymentsTopic: "payments",
      eligibleTopic: "cashback-eligible",
    });
    expect(config.rulesFile).toEndWith("config/cashback-rules.json");
    expect(rulesToJson(config.rules)).toMatchObject({ threshold: "500", eligible_merchants: ["merch_1", "merch_3"], percentage: "15" });
  });

  test("CASHBACK_MAX_RETRY_SECONDS: retry forever unless set", () => {
    expect(readConfig({}).maxRetrySeconds).toBe(0);
    expect(readConfig({ CASHBACK_MAX_RETRY_SECONDS: "600" }).maxRetrySeconds).toBe(600);
    expect(() => readConfig({ CASHBACK_MAX_RETRY_SECONDS: "-1" })).toThrow("CASHBACK_MAX_RETRY_SECONDS");
  });

  test("the original's topic names work by configuration", () => {
    const config = readConfig({ PAYMENTS_TOPIC: "cashback_topic", CASHBACK_ELIGIBLE_TOPIC: "eligible_customers_topic" });
    expect(config.consume.topics).toEqual(["cashback_topic"]);
    expect(config.eligibleTopic).toBe("eligible_customers_topic");
  });

  test("a rules file is read from CASHBACK_RULES_FILE", () => {
    const file = join(dir, "rules.json");
    writeFileSync(file, '{"threshold":"100","eligible_merchants":["m"],"percentage":"2.5","cap_per_transaction":"10"}');
    expect(rulesToJson(readConfig({ CASHBACK_RULES_FILE: file }).rules)).toEqual({
      threshold: "100",
      eligible_merchants: ["m"],
      percentage: "2.5",
      merchant_percentages: {},
      cap_per_transaction: "10",
    });
  });

  test("an invalid rules file stops the service with one line naming the variable, the file and the field", () => {
    const file = join(dir, "bad.json");
    writeFileSync(file, '{"threshold":"500","eligible_merchants":["merch_1"],"percentage":"fifteen"}');
    const lines: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((line: string) => lines.push(line) > 0) as typeof process.stderr.write;
    let code: number | undefined;
    try {
      configOrExit("cashback", () => readConfig({ CASHBACK_RULES_FILE: file }), ((c: number) => {
        code = c;
        throw new Error("exited");
      }) as (code: number) => never);
    } catch {
      // exited
    } finally {
      process.stderr.write = write;
    }
    expect(code).toBe(2);
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as { msg: string };
    expect(line.msg).toBe(`invalid configuration: CASHBACK_RULES_FILE: ${file}: percentage: expected a non-negative decimal with at most 6 fraction digits, got "fifteen"`);
    expect(() => readConfig({ CASHBACK_RULES_FILE: join(dir, "missing.json") })).toThrow(`CASHBACK_RULES_FILE: ${join(dir, "missing.json")}: no such file`);
  });
});
