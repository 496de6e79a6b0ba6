import { describe, expect, test } from "bun:test";
import { ConnectionError, PipelineError } from "../../errors.ts";
import { classifyKafkaError } from "./classify-error.ts";
import { deadLetterOf, toDeadLetter } from "./dead-letters.ts";
import type { KafkaRecord } from "./kafka-record.ts";

const record: KafkaRecord = {
  topic: "billing-files",
  partition: 2,
  offset: "9007199254740993",
  key: null,
  value: Buffer.from("../etc/passwd"),
  headers: {},
  timestamp: 0,
};

describe("dead letters", () => {
  test("a Kafka record keeps its coordinates and value", () => {
    expect(toDeadLetter(record, "unsafe path")).toEqual({
      reason: "unsafe path",
      topic: "billing-files",
      partition: 2,
      offset: "9007199254740993",
      value: "../etc/passwd",
    });
  });

  test("any other element is described by its JSON, bigints included", () => {
    expect(deadLetterOf({ batchId: "b", item: { cost: 5n }, reason: "r" })).toEqual({ reason: "r", topic: null, partition: null, offset: null, value: '{"cost":"5"}' });
    expect(deadLetterOf({ batchId: "b", item: record, reason: "r" }).offset).toBe("9007199254740993");
  });
});

describe("classifyKafkaError", () => {
  test("kafkajs giving up on an unreachable broker is retriable for the runner", () => {
    const e = Object.assign(new Error("Connection error"), { name: "KafkaJSNumberOfRetriesExceeded", retriable: false });
    const c = classifyKafkaError(e, "produce");
    expect(c).toBeInstanceOf(ConnectionError);
    expect(c.retriable).toBe(true);
    expect(c.cause).toBe(e);
  });

  test("other non-retriable kafkajs errors stay fatal; retriable ones stay retriable", () => {
    const fatal = Object.assign(new Error("Topic authorization failed"), { name: "KafkaJSProtocolError", retriable: false });
    expect(classifyKafkaError(fatal, "produce").retriable).toBe(false);
    const transient = Object.assign(new Error("Not leader"), { name: "KafkaJSProtocolError", retriable: true });
    expect(classifyKafkaError(transient, "produce").retriable).toBe(true);
    const ours = new PipelineError("x");
    expect(classifyKafkaError(ours, "produce")).toBe(ours);
  });
});
