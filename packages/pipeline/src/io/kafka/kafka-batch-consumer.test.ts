import { describe, expect, test } from "bun:test";
import type { Admin, Batch, EachBatchPayload, Kafka, KafkaMessage } from "kafkajs";
import { PipelineError } from "../../errors.ts";
import type { BatchHandler } from "./consume-state.ts";
import type { DeadLetter } from "./dead-letters.ts";
import { KafkaBatchConsumer } from "./kafka-batch-consumer.ts";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** Just enough of a kafkajs consumer to drive eachBatch by hand. */
class FakeConsumer {
  eachBatch: ((p: EachBatchPayload) => Promise<void>) | undefined;
  seeks: { topic: string; partition: number; offset: string }[] = [];
  disconnected = false;
  events = { CRASH: "consumer.crash" };
  async connect() {}
  async subscribe() {}
  on() {}
  async run(opts: { eachBatch: (p: EachBatchPayload) => Promise<void> }) {
    this.eachBatch = opts.eachBatch;
  }
  seek(s: { topic: string; partition: number; offset: string }) {
    this.seeks.push(s);
  }
  async disconnect() {
    this.disconnected = true;
  }
}

function fakeBatch(topic: string, partition: number, offsets: number[], highWatermark: number): Batch {
  const messages = offsets.map((o) => ({ offset: String(o), value: Buffer.from(`m${o}`) }) as unknown as KafkaMessage);
  return {
    topic,
    partition,
    highWatermark: String(highWatermark),
    messages,
    isEmpty: () => messages.length === 0,
    firstOffset: () => messages[0]?.offset ?? null,
    lastOffset: () => messages[messages.length - 1]?.offset ?? String(highWatermark - 1),
    offsetLag: () => "0",
    offsetLagLow: () => "0",
  };
}

function payload(batch: Batch) {
  const log = { resolved: [] as string[], commits: [] as unknown[], paused: 0, resumed: 0 };
  const p = {
    batch,
    resolveOffset: (o: string) => void log.resolved.push(o),
    heartbeat: async () => {},
    pause: () => {
      log.paused++;
      return () => void log.resumed++;
    },
    commitOffsetsIfNecessary: async (o?: unknown) => void log.commits.push(o),
    uncommittedOffsets: () => ({ topics: [] }),
    isRunning: () => true,
    isStale: () => false,
  } as unknown as EachBatchPayload;
  return { p, log };
}

async function setup(handleBatch: BatchHandler, deadLetter?: (letters: readonly DeadLetter[]) => Promise<void>) {
  const consumers: FakeConsumer[] = [];
  const kafka = {
    consumer: () => {
      const c = new FakeConsumer();
      consumers.push(c);
      return c;
    },
  } as unknown as Kafka;
  const admin = {
    fetchOffsets: async () => [{ topic: "t", partitions: [{ partition: 0, offset: "-1" }] }],
    fetchTopicOffsets: async () => [{ partition: 0, offset: "0", high: "0", low: "0" }],
  } as unknown as Admin;
  const controller = new KafkaBatchConsumer({
    kafka,
    admin,
    groupId: "g",
    topics: ["t"],
    handleBatch,
    logger: quiet,
    backoff: { initialRetryTime: 10, maxRetryTime: 20 },
    lagRefreshMs: 60_000,
    ...(deadLetter ? { deadLetter } : {}),
  });
  return { controller, consumers };
}

describe("KafkaBatchConsumer", () => {
  test("start is idempotent, even when called concurrently", async () => {
    const { controller, consumers } = await setup(async () => {});
    await Promise.all([controller.start(), controller.start()]);
    await controller.start();
    expect(consumers).toHaveLength(1);
    expect(controller.state()).toMatchObject({ running: true, topics: ["t"] });
    await controller.stop();
    expect(consumers[0]?.disconnected).toBe(true);
    expect(controller.state().running).toBe(false);
  });

  test("commits the offset after the last message only once the handler returned", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { controller, consumers } = await setup(async () => {
      await gate;
      return { records: 3, rejected: 1 };
    });
    await controller.start();
    const { p, log } = payload(fakeBatch("t", 0, [5, 6, 7, 8], 10));
    const done = consumers[0]!.eachBatch!(p);
    await Bun.sleep(5);
    expect(log.commits).toHaveLength(0);
    release();
    await done;
    expect(log.resolved).toEqual(["8"]);
    expect(log.commits).toEqual([{ topics: [{ topic: "t", partitions: [{ partition: 0, offset: "9" }] }] }]);
    const state = controller.state();
    expect(state.counts).toEqual({ records: 3, rejected: 1, files: 0, deadLetters: 0 });
    expect(state.partitions).toEqual([{ topic: "t", partition: 0, committedOffset: 9, highWatermark: 10, lag: 1 }]);
    await controller.stop();
  });

  test("a failing handler commits nothing, rewinds, and resumes after a backoff", async () => {
    const { controller, consumers } = await setup(async () => {
      throw new Error("cassandra down");
    });
    await controller.start();
    const { p, log } = payload(fakeBatch("t", 0, [3, 4], 5));
    await consumers[0]!.eachBatch!(p);
    expect(log.resolved).toEqual([]);
    expect(log.commits).toEqual([]);
    expect(log.paused).toBe(1);
    expect(consumers[0]!.seeks).toEqual([{ topic: "t", partition: 0, offset: "3" }]);
    expect(controller.state().counts.records).toBe(0);
    await Bun.sleep(30);
    expect(log.resumed).toBe(1);
    await controller.stop();
  });

  test("a handler returning nothing counts every message", async () => {
    const { controller, consumers } = await setup(async () => {});
    await controller.start();
    await consumers[0]!.eachBatch!(payload(fakeBatch("t", 1, [0, 1], 2)).p);
    expect(controller.state().counts.records).toBe(2);
    await controller.stop();
  });

  test("with deadLetter, a permanent failure dead-letters the poison message and commits the batch", async () => {
    const letters: DeadLetter[] = [];
    const handled: string[] = [];
    const { controller, consumers } = await setup(async (b) => {
      const values = b.messages.map((m) => m.value!.toString());
      if (values.includes("m4")) throw new PipelineError("value too large for the sink");
      handled.push(...values);
    }, async (l) => void letters.push(...l));
    await controller.start();
    const { p, log } = payload(fakeBatch("t", 0, [3, 4, 5], 6));
    await consumers[0]!.eachBatch!(p);
    expect(handled).toEqual(["m3", "m5"]);
    expect(letters.map((l) => [l.offset, l.reason])).toEqual([["4", "permanent failure: value too large for the sink"]]);
    expect(log.commits).toEqual([{ topics: [{ topic: "t", partitions: [{ partition: 0, offset: "6" }] }] }]);
    expect(log.paused).toBe(0);
    expect(controller.state().counts).toEqual({ records: 2, rejected: 0, files: 0, deadLetters: 1 });
    await controller.stop();
  });

  test("with deadLetter, a retriable failure is still retried from the batch start, nothing dead-lettered", async () => {
    const letters: DeadLetter[] = [];
    const { controller, consumers } = await setup(async () => {
      throw new Error("cassandra down"); // no `retriable: false`: worth retrying
    }, async (l) => void letters.push(...l));
    await controller.start();
    const { p, log } = payload(fakeBatch("t", 0, [3, 4], 5));
    await consumers[0]!.eachBatch!(p);
    expect(letters).toEqual([]);
    expect(log.commits).toEqual([]);
    expect(consumers[0]!.seeks).toEqual([{ topic: "t", partition: 0, offset: "3" }]);
    await controller.stop();
  });
});
