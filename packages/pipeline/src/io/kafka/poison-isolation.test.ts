import { describe, expect, test } from "bun:test";
import type { Batch, KafkaMessage } from "kafkajs";
import { ConnectionError, PipelineError } from "../../errors.ts";
import type { BatchHandler } from "./consume-state.ts";
import type { DeadLetter } from "./dead-letters.ts";
import { isolatePoison, singleMessageBatch } from "./poison-isolation.ts";

function batchOf(values: string[], firstOffset = 10): Batch {
  const messages = values.map(
    (v, i): KafkaMessage => ({ key: null, value: Buffer.from(v), timestamp: "0", attributes: 0, offset: String(firstOffset + i), headers: {} }),
  );
  return {
    topic: "t",
    partition: 3,
    highWatermark: String(firstOffset + values.length),
    messages,
    isEmpty: () => messages.length === 0,
    firstOffset: () => messages[0]?.offset ?? null,
    lastOffset: () => messages.at(-1)!.offset,
    offsetLag: () => "0",
    offsetLagLow: () => "0",
  };
}

const ctx = { heartbeat: async () => {} };
const permanent = new PipelineError("row rejected by the sink");

/** Handles messages by value: "poison" fails permanently, "down" retriably, others are recorded. */
function handlerRecording(handled: string[]): BatchHandler {
  return async (b) => {
    const values = b.messages.map((m) => m.value!.toString());
    if (values.includes("poison")) throw permanent;
    if (values.includes("down")) throw new ConnectionError("cassandra unavailable");
    handled.push(...values);
    return { rejected: values.length };
  };
}

describe("isolatePoison", () => {
  test("dead-letters only the poison message; the others are handled and the whole batch is committed", async () => {
    const handled: string[] = [];
    const letters: DeadLetter[] = [];
    const r = await isolatePoison(batchOf(["a", "poison", "b"]), handlerRecording(handled), ctx, async (l) => void letters.push(...l), permanent, () => true);
    expect(handled).toEqual(["a", "b"]);
    expect(letters).toEqual([{ reason: "permanent failure: row rejected by the sink", topic: "t", partition: 3, offset: "11", value: "poison" }]);
    expect(r.letters).toEqual(letters);
    expect(r.commitOffset).toBe("13");
    expect(r.stopped).toBeUndefined();
    expect(r.counts).toEqual({ records: 2, rejected: 2, files: 0, deadLetters: 1 });
  });

  test("a retriable failure stops at that message: earlier ones commit, it and later ones are retried", async () => {
    const handled: string[] = [];
    const letters: DeadLetter[] = [];
    const r = await isolatePoison(batchOf(["poison", "a", "down", "b"]), handlerRecording(handled), ctx, async (l) => void letters.push(...l), permanent, () => true);
    expect(handled).toEqual(["a"]);
    expect(letters.map((l) => l.offset)).toEqual(["10"]);
    expect(r.commitOffset).toBe("12");
    expect(r.stopped?.offset).toBe("12");
    expect(r.stopped?.error).toBeInstanceOf(ConnectionError);
  });

  test("a failed dead-letter write stops at the poison message, so it is retried rather than skipped", async () => {
    const handled: string[] = [];
    const r = await isolatePoison(batchOf(["a", "poison", "b"]), handlerRecording(handled), ctx, async () => { throw new ConnectionError("kafka down"); }, permanent, () => true);
    expect(handled).toEqual(["a"]);
    expect(r.letters).toEqual([]);
    expect(r.commitOffset).toBe("11");
    expect(r.stopped?.offset).toBe("11");
  });

  test("a one-message batch is dead-lettered with the first error without running the handler again", async () => {
    let calls = 0;
    const letters: DeadLetter[] = [];
    const r = await isolatePoison(batchOf(["x"]), async () => void calls++, ctx, async (l) => void letters.push(...l), permanent, () => true);
    expect(calls).toBe(0);
    expect(letters.map((l) => [l.offset, l.value])).toEqual([["10", "x"]]);
    expect(r.commitOffset).toBe("11");
  });

  test("losing the partition mid-way commits nothing (the next owner redoes the batch)", async () => {
    const handled: string[] = [];
    let owned = 2;
    const r = await isolatePoison(batchOf(["a", "b", "c"]), handlerRecording(handled), ctx, async () => {}, permanent, () => owned-- > 0);
    expect(handled).toEqual(["a", "b"]);
    expect(r.interrupted).toBe(true);
  });

  test("singleMessageBatch keeps topic, partition and watermark", () => {
    const b = batchOf(["a", "b"], 5);
    const one = singleMessageBatch(b, b.messages[1]!);
    expect([one.topic, one.partition, one.highWatermark, one.firstOffset(), one.lastOffset(), one.messages.length, one.isEmpty(), one.offsetLag()]).toEqual(["t", 3, "7", "6", "6", 1, false, "0"]);
  });
});
