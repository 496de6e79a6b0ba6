import { describe, expect, test } from "bun:test";
import { ConnectionError, PipelineError } from "../../errors.ts";
import type { DeadLetterSink, Rejected } from "../../model/context.ts";
import type { BatchHandler } from "./consume-state.ts";
import { deadLetterOf } from "./dead-letters.ts";
import { isolatePoison, singleMessageBatch } from "./poison-isolation.ts";
import { testBatch } from "../../testing/test-batch.ts";
import { batchValues } from "../../testing/fake-kafka-consumer.ts";

/** Batches of topic "t", partition 3, starting at offset 10 unless told. */
const batchOf = (values: string[], firstOffset = 10) => testBatch("t", 3, values, firstOffset);

/** A dead-letter sink keeping what it was given. */
function collecting(): DeadLetterSink & { letters: Rejected[] } {
  const letters: Rejected[] = [];
  return { letters, write: async (l) => void letters.push(...l) };
}

const ctx = { heartbeat: async () => {} };
const permanent = new PipelineError("row rejected by the sink");

/** Handles messages by value: "poison" fails permanently, "down" retriably, others are recorded. */
function handlerRecording(handled: string[]): BatchHandler {
  return async (b) => {
    const values = batchValues(b);
    if (values.includes("poison")) throw permanent;
    if (values.includes("down")) throw new ConnectionError("cassandra unavailable");
    handled.push(...values);
    return { rejected: values.length };
  };
}

describe("isolatePoison", () => {
  test("dead-letters only the poison message; the others are handled and the whole batch is committed", async () => {
    const handled: string[] = [];
    const dlq = collecting();
    const r = await isolatePoison(batchOf(["a", "poison", "b"]), handlerRecording(handled), ctx, dlq, permanent, () => true);
    expect(handled).toEqual(["a", "b"]);
    expect(dlq.letters.map(deadLetterOf)).toEqual([
      { reason: "permanent failure: row rejected by the sink", kind: "permanent_failure", topic: "t", partition: 3, offset: "11", value: "poison" },
    ]);
    expect(dlq.letters[0]).toMatchObject({ batchId: "t/3@11", kind: "permanent_failure" });
    expect(r.letters).toEqual(dlq.letters);
    expect(r.commitOffset).toBe("13");
    expect(r.stopped).toBeUndefined();
    expect(r.interrupted).toBe(false);
    expect(r.counts).toEqual({ records: 2, rejected: 2, deadLetters: 1 });
  });

  test("a retriable failure stops at that message: earlier ones commit, it and later ones are retried", async () => {
    const handled: string[] = [];
    const dlq = collecting();
    const r = await isolatePoison(batchOf(["poison", "a", "down", "b"]), handlerRecording(handled), ctx, dlq, permanent, () => true);
    expect(handled).toEqual(["a"]);
    expect(dlq.letters.map((l) => deadLetterOf(l).offset)).toEqual(["10"]);
    expect(r.letters).toEqual(dlq.letters);
    expect(r.commitOffset).toBe("12");
    expect(r.stopped?.offset).toBe("12");
    expect(r.stopped?.error).toBeInstanceOf(ConnectionError);
  });

  test("a failed dead-letter write stops at the poison message, so it is retried rather than skipped", async () => {
    const handled: string[] = [];
    const r = await isolatePoison(batchOf(["a", "poison", "b"]), handlerRecording(handled), ctx, { write: async () => Promise.reject(new ConnectionError("kafka down")) }, permanent, () => true);
    expect(handled).toEqual(["a"]);
    expect(r.letters).toEqual([]);
    expect(r.commitOffset).toBe("11");
    expect(r.stopped?.offset).toBe("11");
  });

  test("a one-message batch is dead-lettered with the first error without running the handler again", async () => {
    let calls = 0;
    const dlq = collecting();
    const r = await isolatePoison(batchOf(["x"]), async () => void calls++, ctx, dlq, permanent, () => true);
    expect(calls).toBe(0);
    expect(dlq.letters.map((l) => [deadLetterOf(l).offset, deadLetterOf(l).value, l.kind])).toEqual([["10", "x", "permanent_failure"]]);
    expect(r.counts).toEqual({ records: 0, rejected: 0, deadLetters: 1 });
    expect(r.commitOffset).toBe("11");
  });

  test("losing the partition mid-way commits nothing (the next owner redoes the batch)", async () => {
    const handled: string[] = [];
    let owned = 2;
    const r = await isolatePoison(batchOf(["a", "b", "c"]), handlerRecording(handled), ctx, collecting(), permanent, () => owned-- > 0);
    expect(handled).toEqual(["a", "b"]);
    expect(r.interrupted).toBe(true);
  });

  test("singleMessageBatch keeps topic, partition and watermark", () => {
    const b = batchOf(["a", "b"], 5);
    const one = singleMessageBatch(b, b.messages[1]!);
    expect([one.topic, one.partition, one.highWatermark, one.firstOffset(), one.lastOffset(), one.messages.length, one.isEmpty(), one.offsetLag()]).toEqual(["t", 3, "7", "6", "6", 1, false, "0"]);
    expect(one.messages[0]).toBe(b.messages[1]!);
  });
});
