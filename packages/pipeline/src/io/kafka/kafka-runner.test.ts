import { describe, expect, test } from "bun:test";
import { Registry } from "prom-client";
import { PipelineError } from "../../errors.ts";
import type { DeadLetterSink, Rejected } from "../../model/context.ts";
import { pipeline } from "../../model/pipeline.ts";
import { memorySink } from "../../runners/in-memory.ts";
import { tryMap } from "../../transforms/try-map.ts";
import { deadLetterOf } from "./dead-letters.ts";
import { kafkaJob } from "./kafka-job.ts";
import { valueText, type KafkaRecord } from "./kafka-record.ts";
import { kafkaRunner, type KafkaRunnerOptions } from "./kafka-runner.ts";
import { kafkaTopic } from "./kafka-topic.ts";
import { testBatch } from "../../testing/test-batch.ts";
import { fakeKafka, testPayload } from "../../testing/fake-kafka-consumer.ts";

function recordingLogger() {
  const lines: [string, string, Record<string, unknown> | undefined][] = [];
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) => void lines.push([level, msg, fields]);
  return { lines, logger: { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") } };
}

/**
 * A runner with one job on "orders" (JSON → amount; bad JSON rejected; the sink refuses "poison"
 * permanently) and `extra` topics without a job, over a fake kafkajs consumer.
 */
async function setup(extra: Partial<KafkaRunnerOptions> = {}) {
  const written: { batchId: string; amounts: number[] }[] = [];
  const sink = {
    async write(items: readonly number[], ctx: { batchId: string }) {
      if (items.includes(-1)) throw new PipelineError("amount refused by the store", { retriable: false });
      written.push({ batchId: ctx.batchId, amounts: [...items] });
    },
  };
  const orders = kafkaJob(
    "orders",
    pipeline
      .from(kafkaTopic("orders"))
      .apply(tryMap((r: KafkaRecord) => (valueText(r) === "poison" ? -1 : (JSON.parse(valueText(r)) as number))))
      .to(sink),
  );
  const letters: Rejected[] = [];
  const deadLetters: DeadLetterSink = { write: async (r) => void letters.push(...r) };
  const registry = new Registry();
  const { kafka, admin, consumers } = fakeKafka();
  const { lines, logger } = recordingLogger();
  const runner = kafkaRunner({ jobs: [orders], deadLetters, kafka, admin, groupId: "g", logger, registry, lagRefreshMs: 60_000, backoff: { initialRetryTime: 10, maxRetryTime: 20 }, ...extra });
  await runner.start();
  const consumer = consumers[0]!;
  const deliver = async (topic: string, values: string[], firstOffset = 0) => {
    const { p, log } = testPayload(testBatch(topic, 0, values, firstOffset));
    await consumer.eachBatch!(p);
    return log;
  };
  return { runner, consumer, deliver, written, letters, registry, lines };
}

describe("kafkaRunner", () => {
  test("consumes the jobs' topics by default", async () => {
    const { runner, consumer, lines } = await setup();
    expect(consumer.subscribed).toEqual(["orders"]);
    expect(runner.state().topics).toEqual(["orders"]);
    expect(lines.filter(([level]) => level === "warn")).toEqual([]);
    await runner.stop();
  });

  test("consumes exactly the listed topics: a topic without a job is only counted, a job whose topic is not listed idles (both with a warning)", async () => {
    const listed = await setup({ topics: ["audit", "orders"] });
    expect(listed.consumer.subscribed.sort()).toEqual(["audit", "orders"]);
    expect(listed.lines.filter(([level]) => level === "warn")).toEqual([["warn", "consumed topics without a job are only counted", { topics: ["audit"] }]]);
    await listed.runner.stop();

    const idle = await setup({ topics: ["audit"] });
    expect(idle.consumer.subscribed).toEqual(["audit"]);
    expect(idle.lines.filter(([level]) => level === "warn").map(([, msg, fields]) => [msg, fields])).toEqual([
      ["consumed topics without a job are only counted", { topics: ["audit"] }],
      ["jobs whose topic is not consumed will not run", { jobs: ["orders"] }],
    ]);
    await idle.runner.stop();
  });

  test("a job's topic goes to the job (its sink and its dead letters); the batch is committed after", async () => {
    const { runner, deliver, written, letters, registry } = await setup();
    const log = await deliver("orders", ["1", "{oops", "2"], 7);
    expect(written).toEqual([{ batchId: "orders/0@7", amounts: [1, 2] }]);
    expect(letters.map((l) => [deadLetterOf(l).offset, l.kind])).toEqual([["8", "rejected"]]);
    expect(log.commits).toEqual([{ topics: [{ topic: "orders", partitions: [{ partition: 0, offset: "10" }] }] }]);
    expect(runner.state().counts).toEqual({ records: 3, rejected: 0, deadLetters: 1 });
    const text = await registry.metrics();
    expect(text).toContain('tally_job_outputs_total{job_name="orders"} 2');
    expect(text).toContain('tally_job_dead_letters_total{job_name="orders",kind="rejected"} 1');
    expect(text).toContain('tally_consumer_records_total{topic="orders"} 3');
    await runner.stop();
  });

  test("a topic without a job is only counted and committed", async () => {
    const { runner, deliver, written, letters, registry } = await setup({ topics: ["orders", "audit"] });
    const log = await deliver("audit", ["poison", "{oops", "x"], 100);
    expect(written).toEqual([]);
    expect(letters).toEqual([]);
    expect(log.commits).toEqual([{ topics: [{ topic: "audit", partitions: [{ partition: 0, offset: "103" }] }] }]);
    expect(runner.state().counts).toEqual({ records: 3, rejected: 0, deadLetters: 0 });
    const text = await registry.metrics();
    expect(text).toContain('tally_consumer_records_total{topic="audit"} 3');
    expect(text).not.toContain('job_name="audit"');
    await runner.stop();
  });

  test("poison that fails the job's sink permanently is dead-lettered (permanent_failure) and counted under the job", async () => {
    const { runner, deliver, written, letters, registry } = await setup();
    const log = await deliver("orders", ["1", "poison", "3"], 20);
    // The batch failed as a whole, then was handled message by message.
    expect(written).toEqual([
      { batchId: "orders/0@20", amounts: [1] },
      { batchId: "orders/0@22", amounts: [3] },
    ]);
    expect(letters.map(deadLetterOf)).toEqual([
      { reason: "permanent failure: amount refused by the store", kind: "permanent_failure", topic: "orders", partition: 0, offset: "21", value: "poison" },
    ]);
    expect(log.commits.at(-1)).toEqual({ topics: [{ topic: "orders", partitions: [{ partition: 0, offset: "23" }] }] });
    expect(log.paused).toBe(0);
    expect(runner.state().counts).toEqual({ records: 2, rejected: 0, deadLetters: 1 });
    const text = await registry.metrics();
    expect(text).toContain('tally_job_dead_letters_total{job_name="orders",kind="permanent_failure"} 1');
    expect(text).toContain('tally_consumer_poison_messages_total{topic="orders"} 1');
    await runner.stop();
  });

  test("a failing dead-letter topic holds the batch back (retried), nothing is lost", async () => {
    let down = true;
    const letters: Rejected[] = [];
    const deadLetters: DeadLetterSink = {
      write: async (r) => {
        if (down) throw new PipelineError("dead-letter topic unavailable", { retriable: true });
        letters.push(...r);
      },
    };
    const { runner, consumer, deliver } = await setup({ deadLetters });
    const log = await deliver("orders", ["1", "{oops"], 0);
    expect(log.commits).toEqual([]);
    expect(log.paused).toBe(1);
    expect(consumer.seeks).toEqual([{ topic: "orders", partition: 0, offset: "0" }]);
    down = false;
    const again = await deliver("orders", ["1", "{oops"], 0);
    expect(again.commits).toHaveLength(1);
    expect(letters).toHaveLength(1);
    await runner.stop();
  });

  test("afterWrite is handed to the jobs", async () => {
    const calls: string[] = [];
    const { runner, deliver } = await setup({ afterWrite: () => void calls.push("written") });
    await deliver("orders", ["1"]);
    expect(calls).toEqual(["written"]);
    await runner.stop();
  });

  test("one job per topic", () => {
    const job = (name: string) => kafkaJob(name, pipeline.from(kafkaTopic("orders")).to(memorySink()));
    const { kafka, admin } = fakeKafka();
    const options = { deadLetters: { write: async () => {} }, kafka, admin, groupId: "g", logger: recordingLogger().logger };
    expect(() => kafkaRunner({ ...options, jobs: [job("a"), job("b")] })).toThrow("jobs a and b both read topic orders; one job per topic");
  });

  test("with no job and no topic there is nothing to consume: start refuses", async () => {
    const { kafka, admin, consumers } = fakeKafka();
    const runner = kafkaRunner({ jobs: [], deadLetters: { write: async () => {} }, kafka, admin, groupId: "g", logger: recordingLogger().logger });
    await expect(runner.start()).rejects.toThrow("nothing to consume");
    expect(consumers).toHaveLength(0);
  });
});
