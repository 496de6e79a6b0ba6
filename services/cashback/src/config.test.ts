import { describe, expect, test } from "bun:test";
import { readConfig } from "./config.ts";

describe("cashback config", () => {
  test("defaults to port 8082 and the local stack", () => {
    expect(readConfig({})).toMatchObject({
      port: 8082,
      kafka: { brokers: ["127.0.0.1:9092"], clientId: "tally-cashback" },
      consume: { groupId: "tally-cashback", topics: [], onStart: false, deadLetterTopic: "dead-letters" },
    });
  });
});
