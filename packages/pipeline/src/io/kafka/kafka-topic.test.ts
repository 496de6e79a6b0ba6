import { describe, expect, test } from "bun:test";
import { memorySource } from "../../runners/in-memory.ts";
import { isKafkaTopic, kafkaTopic } from "./kafka-topic.ts";

describe("kafkaTopic", () => {
  test("names the topic a job reads", () => {
    for (const name of ["billing-files", "api_logs.v2", "A", "x".repeat(249)]) expect(kafkaTopic(name).topic).toBe(name);
  });

  test("refuses names Kafka would refuse", () => {
    for (const name of ["", ".", "..", "with space", "a/b", "ünïcode", "x".repeat(250), "a\nb"]) {
      expect(() => kafkaTopic(name)).toThrow(TypeError);
    }
    expect(() => kafkaTopic("a b")).toThrow('not a valid Kafka topic name: "a b"');
  });

  test("cannot be pulled on its own: batches come from the Kafka runner", () => {
    expect(() => kafkaTopic("t").batches()).toThrow(/kafkaRunner/);
  });

  test("isKafkaTopic tells it from other sources", () => {
    expect(isKafkaTopic(kafkaTopic("t"))).toBe(true);
    expect(isKafkaTopic(memorySource([[1]]))).toBe(false);
  });
});
