import { describe, expect, test } from "bun:test";
import { replayDecision } from "./replay-dead-letters.ts";

const letter = (fields: Record<string, unknown>) =>
  JSON.stringify({ reason: "r", kind: "retries_exhausted", topic: "payments", partition: 0, offset: "7", value: '{"a":1}', ...fields });

describe("replayDecision", () => {
  test("a letter of the source topic goes back with its value and key", () => {
    expect(replayDecision(letter({ key: "trans_1" }), "payments")).toEqual({ replay: { key: "trans_1", value: '{"a":1}' } });
    expect(replayDecision(Buffer.from(letter({})), "payments")).toEqual({ replay: { key: null, value: '{"a":1}' } });
  });

  test("other topics, non-Kafka letters and tombstones are skipped; what is not a letter is unreadable", () => {
    expect(replayDecision(letter({ topic: "api-logs" }), "payments")).toEqual({ skip: "other_topic" });
    expect(replayDecision(letter({ topic: null }), "payments")).toEqual({ skip: "other_topic" });
    expect(replayDecision(letter({ value: null }), "payments")).toEqual({ skip: "no_value" });
    for (const raw of [null, "", "not json", "[1]", "null", "42"]) expect(replayDecision(raw, "payments")).toEqual({ skip: "unreadable" });
  });
});
