import { describe, expect, test } from "bun:test";
import { UsageError } from "./errors.ts";
import { parseReplayArgs } from "./replay-command.ts";

describe("parseReplayArgs", () => {
  test("defaults: the dead-letters topic, the local broker, the source topic as target", () => {
    expect(parseReplayArgs(["dead-letters", "--source-topic", "payments"])).toEqual({
      brokers: ["127.0.0.1:9092"],
      options: { sourceTopic: "payments", deadLetterTopic: "dead-letters", dryRun: false },
    });
  });

  test("flags and the environment", () => {
    const args = parseReplayArgs(["dead-letters", "--source-topic", "cashback_topic", "--to", "payments", "--group", "g1", "--dry-run"], { KAFKA_BROKERS: "k1:9092,k2:9092", DEAD_LETTER_TOPIC: "dlq" });
    expect(args).toEqual({
      brokers: ["k1:9092", "k2:9092"],
      options: { sourceTopic: "cashback_topic", deadLetterTopic: "dlq", targetTopic: "payments", groupId: "g1", dryRun: true },
    });
  });

  test("clear usage errors", () => {
    const message = (argv: string[]) => {
      try {
        parseReplayArgs(argv);
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        return (e as Error).message;
      }
      throw new Error("no error");
    };
    expect(message([])).toContain("dead-letters");
    expect(message(["files", "--source-topic", "x"])).toContain("only dead-letters");
    expect(message(["dead-letters"])).toContain("--source-topic is required");
    expect(message(["dead-letters", "--source-topic", "../etc"])).toContain("Kafka topic name");
    expect(message(["dead-letters", "--source-topic", "p", "--brokers", "nope"])).toContain("host:port");
  });
});
