import { describe, expect, test } from "bun:test";
import { Registry } from "prom-client";
import { PipelineError } from "../../errors.ts";
import type { DeadLetterSink, Rejected } from "../../model/context.ts";
import type { BatchHandler } from "./consume-state.ts";
import { deadLetterOf } from "./dead-letters.ts";
import { KafkaBatchConsumer } from "./kafka-batch-consumer.ts";
import { testBatch } from "../../testing/test-batch.ts";
import { batchValues, fakeKafka, testPayload as payload } from "../../testing/fake-kafka-consumer.ts";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** A batch of topic "t" holding `m<offset>` for each offset (consecutive), with the given high watermark. */
function fakeBatch(topic: string, partition: number, offsets: number[], highWatermark: number) {
  return { ...testBatch(topic, partition, offsets.map((o) => `m${o}`), offsets[0] ?? highWatermark), highWatermark: String(highWatermark) };
}

async function setup(handleBatch: BatchHandler, deadLetters?: DeadLetterSink, registry = new Registry(), giveUpAfterMs?: number) {
  const { kafka, admin, consumers } = fakeKafka();
  const controller = new KafkaBatchConsumer({
    kafka,
    admin,
    groupId: "g",
    topics: ["t"],
    handleBatch,
    logger: quiet,
    backoff: { initialRetryTime: 10, maxRetryTime: 20 },
    lagRefreshMs: 60_000,
    registry,
    ...(deadLetters ? { deadLetters } : {}),
    ...(giveUpAfterMs ? { giveUpAfterMs } : {}),
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

  test("refuses to start with nothing to consume (not retriable), creating no consumer", async () => {
    const { kafka, admin, consumers } = fakeKafka();
    const controller = new KafkaBatchConsumer({ kafka, admin, groupId: "g", topics: [], handleBatch: async () => {}, logger: quiet });
    const error = await controller.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineError);
    expect((error as PipelineError).retriable).toBe(false);
    expect(consumers).toHaveLength(0);
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
    expect(state.counts).toEqual({ records: 3, rejected: 1, deadLetters: 0 });
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

  test("with deadLetters, a permanent failure dead-letters the poison message and commits the batch", async () => {
    const letters: Rejected[] = [];
    const handled: string[] = [];
    const registry = new Registry();
    const { controller, consumers } = await setup(
      async (b) => {
        const values = batchValues(b);
        if (values.includes("m4")) throw new PipelineError("value too large for the sink");
        handled.push(...values);
      },
      { write: async (l) => void letters.push(...l) },
      registry,
    );
    await controller.start();
    const { p, log } = payload(fakeBatch("t", 0, [3, 4, 5], 6));
    await consumers[0]!.eachBatch!(p);
    expect(handled).toEqual(["m3", "m5"]);
    expect(letters.map((l) => [deadLetterOf(l).offset, l.reason, l.kind])).toEqual([["4", "permanent failure: value too large for the sink", "permanent_failure"]]);
    expect(log.commits).toEqual([{ topics: [{ topic: "t", partitions: [{ partition: 0, offset: "6" }] }] }]);
    expect(log.paused).toBe(0);
    expect(controller.state().counts).toEqual({ records: 2, rejected: 0, deadLetters: 1 });
    const text = await registry.metrics();
    expect(text).toContain('tally_consumer_poison_messages_total{topic="t"} 1');
    expect(text).toContain('tally_consumer_batch_failures_total{topic="t"} 1');
    expect(text).not.toContain("tally_consumer_rejected_total");
    await controller.stop();
  });

  test("a heartbeat refused during a batch (member evicted) dead-letters nothing, commits nothing and leaves the partition to its next owner", async () => {
    const letters: Rejected[] = [];
    const { controller, consumers } = await setup(
      async (_b, { heartbeat }) => {
        // A job's keep-alive (a billing file being read) when the coordinator no longer knows this member.
        await heartbeat();
      },
      { write: async (l) => void letters.push(...l) },
    );
    await controller.start();
    const { p, log } = payload(fakeBatch("t", 0, [3, 4], 5));
    (p as { heartbeat: () => Promise<void> }).heartbeat = async () => {
      throw Object.assign(new Error("The coordinator is not aware of this member"), { retriable: false });
    };
    await consumers[0]!.eachBatch!(p);
    expect(letters).toEqual([]);
    expect(log.commits).toEqual([]);
    expect([log.paused, consumers[0]!.seeks.length]).toEqual([0, 0]);
    await controller.stop();
  });

  test("without deadLetters, a permanent failure is retried too (the partition waits)", async () => {
    const { controller, consumers } = await setup(async () => {
      throw new PipelineError("value too large for the sink");
    });
    await controller.start();
    const { p, log } = payload(fakeBatch("t", 0, [3, 4], 5));
    await consumers[0]!.eachBatch!(p);
    expect(log.commits).toEqual([]);
    expect(log.paused).toBe(1);
    expect(consumers[0]!.seeks).toEqual([{ topic: "t", partition: 0, offset: "3" }]);
    expect(controller.state().counts.deadLetters).toBe(0);
    await controller.stop();
  });

  test("with deadLetters, a retriable failure is still retried from the batch start, nothing dead-lettered", async () => {
    const letters: Rejected[] = [];
    const { controller, consumers } = await setup(
      async () => {
        throw new Error("cassandra down"); // no `retriable: false`: worth retrying
      },
      { write: async (l) => void letters.push(...l) },
    );
    await controller.start();
    const { p, log } = payload(fakeBatch("t", 0, [3, 4], 5));
    await consumers[0]!.eachBatch!(p);
    expect(letters).toEqual([]);
    expect(log.commits).toEqual([]);
    expect(consumers[0]!.seeks).toEqual([{ topic: "t", partition: 0, offset: "3" }]);
    await controller.stop();
  });

  test("with giveUpAfterMs, a batch still failing after that long is dead-lettered whole and committed", async () => {
    const letters: Rejected[] = [];
    const { controller, consumers } = await setup(
      async () => {
        throw new Error("cassandra down");
      },
      { write: async (l) => void letters.push(...l) },
      new Registry(),
      20,
    );
    await controller.start();
    const first = payload(fakeBatch("t", 0, [3, 4], 5));
    await consumers[0]!.eachBatch!(first.p);
    expect([letters.length, first.log.commits.length, first.log.paused]).toEqual([0, 0, 1]); // retried first
    await Bun.sleep(30);
    const again = payload(fakeBatch("t", 0, [3, 4], 5));
    await consumers[0]!.eachBatch!(again.p);
    expect(letters.map((l) => [deadLetterOf(l).offset, l.kind])).toEqual([["3", "retries_exhausted"], ["4", "retries_exhausted"]]);
    expect(letters[0]!.reason).toMatch(/^retries exhausted after \d+ s: cassandra down$/);
    expect(again.log.commits).toEqual([{ topics: [{ topic: "t", partitions: [{ partition: 0, offset: "5" }] }] }]);
    expect(controller.state().counts).toEqual({ records: 0, rejected: 0, deadLetters: 2 });
    await controller.stop();
  });

  test("without giveUpAfterMs a retriable failure never gives up", async () => {
    const letters: Rejected[] = [];
    const { controller, consumers } = await setup(async () => { throw new Error("cassandra down"); }, { write: async (l) => void letters.push(...l) });
    await controller.start();
    for (let i = 0; i < 3; i++) {
      await consumers[0]!.eachBatch!(payload(fakeBatch("t", 0, [3], 4)).p);
      await Bun.sleep(5);
    }
    expect(letters).toEqual([]);
    await controller.stop();
  });
});
