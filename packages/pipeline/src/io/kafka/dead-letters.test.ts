import { describe, expect, test } from "bun:test";
import { ConnectionError, PipelineError } from "../../errors.ts";
import { classifyKafkaError } from "./classify-error.ts";
import type { Producer } from "kafkajs";
import { deadLetterOf, kafkaDeadLetters, originalRecord, toDeadLetter } from "./dead-letters.ts";
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
  test("a Kafka record keeps its coordinates, key and value", () => {
    expect(toDeadLetter(record, "unsafe path", "unsafe_path")).toEqual({
      reason: "unsafe path",
      kind: "unsafe_path",
      topic: "billing-files",
      partition: 2,
      offset: "9007199254740993",
      value: "../etc/passwd",
    });
    expect(toDeadLetter({ ...record, key: Buffer.from("trans_1") }, "r").key).toBe("trans_1");
    expect(toDeadLetter(record, "r").kind).toBe("rejected");
    expect(toDeadLetter({ ...record, value: null }, "tombstone").value).toBeNull();
  });

  test("any other element is described by its JSON, bigints included", () => {
    expect(deadLetterOf({ batchId: "b", item: { cost: 5n }, reason: "r", kind: "bad_format" })).toEqual({
      reason: "r",
      kind: "bad_format",
      topic: null,
      partition: null,
      offset: null,
      value: '{"cost":"5"}',
    });
    expect(deadLetterOf({ batchId: "b", item: record, reason: "r", kind: "empty" })).toMatchObject({ offset: "9007199254740993", kind: "empty" });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(deadLetterOf({ batchId: "b", item: cyclic, reason: "r", kind: "k" }).value).toBe("[object Object]");
  });

  test("an element derived from a Kafka record (a FileRef, an Aggregated result) is dead-lettered as that record", () => {
    const fileRef = { input: record, path: "/data/x.csv", name: "x.csv" };
    const aggregated = { input: fileRef, result: { groups: [], records: 0, rejectedCount: 0, rejections: [], bytes: 0 } };
    const want = toDeadLetter(record, "r", "unreadable");
    expect(deadLetterOf({ batchId: "b", item: fileRef, reason: "r", kind: "unreadable" })).toEqual(want);
    expect(deadLetterOf({ batchId: "b", item: aggregated, reason: "r", kind: "unreadable" })).toEqual(want);
    expect(originalRecord(record)).toBe(record);
    expect(originalRecord(aggregated)).toBe(record);
    expect(originalRecord({ input: "text" })).toBeUndefined();
    expect(originalRecord(null)).toBeUndefined();
    // The links are followed a few steps only (no loops).
    const loop: { input?: unknown } = {};
    loop.input = loop;
    expect(originalRecord(loop)).toBeUndefined();
    let deep: unknown = record;
    for (let i = 0; i < 10; i++) deep = { input: deep };
    expect(deadLetterOf({ batchId: "b", item: deep, reason: "r", kind: "k" }).topic).toBeNull();
  });
});

/** A producer fake recording connects and sends; `failConnect`/`failSend` make the next ones throw. */
function fakeProducer() {
  const log = { connects: 0, sends: [] as { topic: string; acks?: number; messages: { key: string | null; value: string }[] }[], failConnect: 0, failSend: 0 };
  const producer = {
    async connect() {
      log.connects++;
      if (log.failConnect-- > 0) throw Object.assign(new Error("Connection error"), { name: "KafkaJSConnectionError" });
    },
    async send(record: (typeof log.sends)[number]) {
      if (log.failSend-- > 0) throw Object.assign(new Error("broker down"), { name: "KafkaJSNumberOfRetriesExceeded", retriable: false });
      log.sends.push(record);
      return [];
    },
  } as unknown as Producer;
  return { producer, log };
}

describe("kafkaDeadLetters", () => {
  const letter = { batchId: "billing-files/2@9007199254740993", item: record, reason: "unsafe path", kind: "unsafe_path" };

  test("connects lazily, once, and sends JSON letters keyed by source partition with acks from all replicas", async () => {
    const { producer, log } = fakeProducer();
    const sink = kafkaDeadLetters(producer, "dlq");
    await sink.write([]);
    expect(log.connects).toBe(0); // nothing to send: no connection
    await sink.write([letter, { batchId: "b", item: { file: "x.csv" }, reason: "r", kind: "empty" }]);
    await sink.write([letter]);
    expect(log.connects).toBe(1);
    expect(log.sends.map((s) => [s.topic, s.acks, s.messages.length])).toEqual([
      ["dlq", -1, 2],
      ["dlq", -1, 1],
    ]);
    const [first, second] = log.sends[0]!.messages;
    expect(first!.key).toBe("billing-files/2");
    expect(JSON.parse(first!.value)).toEqual(toDeadLetter(record, "unsafe path", "unsafe_path"));
    expect(second!.key).toBeNull();
    expect(JSON.parse(second!.value)).toMatchObject({ kind: "empty", topic: null, value: '{"file":"x.csv"}' });
  });

  test("the topic defaults to dead-letters", async () => {
    const { producer, log } = fakeProducer();
    await kafkaDeadLetters(producer).write([letter]);
    expect(log.sends[0]!.topic).toBe("dead-letters");
  });

  test("a failed connect or send throws a retriable error, and the next write connects again", async () => {
    const { producer, log } = fakeProducer();
    const sink = kafkaDeadLetters(producer, "dlq");
    log.failConnect = 1;
    const connectError = await sink.write([letter]).catch((e: unknown) => e);
    expect(connectError).toBeInstanceOf(ConnectionError);
    expect((connectError as Error).message).toContain("dead-letter producer");
    log.failSend = 1;
    const sendError = await sink.write([letter]).catch((e: unknown) => e);
    expect((sendError as ConnectionError).retriable).toBe(true);
    expect((sendError as Error).message).toContain("produce to dlq");
    await sink.write([letter]);
    expect(log.connects).toBe(2);
    expect(log.sends).toHaveLength(1);
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
