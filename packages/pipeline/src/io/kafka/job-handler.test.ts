import { describe, expect, test } from "bun:test";
import { createReferenceAggregator } from "@tally/kernel-wasm/reference";
import { Registry } from "prom-client";
import { ConnectionError } from "../../errors.ts";
import type { DeadLetterSink, Rejected } from "../../model/context.ts";
import { pipeline } from "../../model/pipeline.ts";
import { memorySink } from "../../runners/in-memory.ts";
import { kernelAggregate } from "../../transforms/kernel-aggregate.ts";
import { flatMap } from "../../transforms/map.ts";
import { deadLetterOf } from "./dead-letters.ts";
import { jobHandler } from "./job-handler.ts";
import { createJobMetrics } from "./job-metrics.ts";
import { kafkaJob } from "./kafka-job.ts";
import type { KafkaRecord } from "./kafka-record.ts";
import { kafkaTopic } from "./kafka-topic.ts";
import { deadLetterRejectedLines } from "./rejected-lines.ts";
import { testBatch } from "../../testing/test-batch.ts";

interface Count {
  offset: string;
  user: string;
  count: number;
}

/** Logs kept as [level, message, fields]. */
function recordingLogger() {
  const lines: [string, string, Record<string, unknown> | undefined][] = [];
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) => void lines.push([level, msg, fields]);
  return { lines, logger: { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") } };
}

/** An NDJSON job counting events per user, each message's bad lines dead-lettered. */
function setup(sink = memorySink<Count>()) {
  const job = kafkaJob(
    "user-events",
    pipeline
      .from(kafkaTopic("events"))
      .apply(kernelAggregate({ spec: { format: "ndjson", keys: ["u"] }, kernel: { createAggregator: createReferenceAggregator }, input: (r) => ({ bytes: r.value }) }))
      .apply(deadLetterRejectedLines("event"))
      .apply(flatMap(({ input, result }) => result.groups.map((g) => ({ offset: input.offset, user: g.key[0]!, count: g.count }))))
      .to(sink),
  );
  const letters: Rejected[] = [];
  const deadLetters: DeadLetterSink = { write: async (r) => void letters.push(...r) };
  const registry = new Registry();
  const { lines, logger } = recordingLogger();
  const events: string[] = [];
  const handle = jobHandler(job, { deadLetters, metrics: createJobMetrics(registry), logger, afterWrite: () => void events.push("afterWrite") });
  return { handle, sink, letters, registry, lines, events };
}

const values = ['{"u":"a"}\n{"u":"b"}\n', '{"u":"a"}\nnot json\n{"u":"a"}', null];
const heartbeat = { heartbeat: async () => {} };

describe("jobHandler", () => {
  test("runs the job's transforms → sink → dead letters over the batch, keyed by topic/partition@firstOffset", async () => {
    const { handle, sink, letters } = setup();
    const outcome = await handle(testBatch("events", 2, values, 40), heartbeat);
    expect(sink.writes).toEqual([
      {
        batchId: "events/2@40",
        items: [
          { offset: "40", user: "a", count: 1 },
          { offset: "40", user: "b", count: 1 },
          { offset: "41", user: "a", count: 2 },
        ],
      },
    ]);
    expect(letters.map(deadLetterOf)).toEqual([
      { reason: expect.stringContaining("1 event(s) rejected"), kind: "rejected_lines", topic: "events", partition: 2, offset: "41", value: "not json" },
    ]);
    expect(letters[0]!.batchId).toBe("events/2@40");
    // records: messages consumed; rejected: input records refused (lines); deadLetters: letters written.
    expect(outcome).toEqual({ records: 3, rejected: 1, deadLetters: 1 });
  });

  test("the elements are Kafka records with their coordinates", async () => {
    const seen: KafkaRecord[] = [];
    const job = kafkaJob("raw", pipeline.from(kafkaTopic("t")).to({ write: async (items) => void seen.push(...items) }));
    const handle = jobHandler(job, { deadLetters: { write: async () => {} }, metrics: createJobMetrics(new Registry()), logger: recordingLogger().logger });
    await handle(testBatch("t", 1, ["x", null], 9), heartbeat);
    expect(seen.map((r) => [r.topic, r.partition, r.offset, r.value?.toString() ?? null, typeof r.timestamp])).toEqual([
      ["t", 1, "9", "x", "number"],
      ["t", 1, "10", null, "number"],
    ]);
  });

  test("adds the batch's input counts, outputs and dead letters to the job's metrics, and logs the rejections", async () => {
    const { handle, registry, lines } = setup();
    await handle(testBatch("events", 2, values, 40), heartbeat);
    await handle(testBatch("events", 2, ['{"u":"c"}'], 43), heartbeat);
    const text = await registry.metrics();
    expect(text).toContain('tally_job_records_total{job_name="user-events"} 5');
    expect(text).toContain('tally_job_records_rejected_total{job_name="user-events"} 1');
    expect(text).toContain(`tally_job_bytes_total{job_name="user-events"} ${values[0]!.length + values[1]!.length + 9}`);
    expect(text).toContain('tally_job_outputs_total{job_name="user-events"} 4');
    expect(text).toContain('tally_job_dead_letters_total{job_name="user-events",kind="rejected_lines"} 1');
    expect(text).toMatch(/tally_job_kernel_seconds_total\{job_name="user-events"\} \d/);
    expect(lines.filter(([level]) => level === "warn").map(([, msg, fields]) => [msg, fields?.job, fields?.batch])).toEqual([
      ["input records rejected", "user-events", "events/2@40"],
      ["dead-lettered", "user-events", "events/2@40"],
    ]);
  });

  test("a step's keepAlive heartbeats the consumer group", async () => {
    let beats = 0;
    const job = kafkaJob(
      "slow",
      pipeline
        .from(kafkaTopic("t"))
        .apply(async (items, ctx) => {
          for (const _ of items) await ctx.keepAlive();
          return items;
        })
        .to(memorySink()),
    );
    const handle = jobHandler(job, { deadLetters: { write: async () => {} }, metrics: createJobMetrics(new Registry()), logger: recordingLogger().logger });
    await handle(testBatch("t", 0, ["a", "b", "c"]), { heartbeat: async () => void beats++ });
    expect(beats).toBe(3);
  });

  test("afterWrite runs once the sink wrote; a failing sink throws, before any dead letter, metric or afterWrite", async () => {
    const ok = setup();
    await ok.handle(testBatch("events", 0, values), heartbeat);
    expect(ok.events).toEqual(["afterWrite"]);

    const failing = memorySink<Count>();
    failing.fail(1, new ConnectionError("cassandra unavailable"));
    const { handle, letters, registry, events } = setup(failing);
    await expect(handle(testBatch("events", 0, values), heartbeat)).rejects.toBeInstanceOf(ConnectionError);
    expect(letters).toEqual([]);
    expect(events).toEqual([]);
    expect(await registry.metrics()).not.toContain('tally_job_records_total{job_name="user-events"}');
    // Redelivered, the same batch goes through.
    expect(await handle(testBatch("events", 0, values), heartbeat)).toEqual({ records: 3, rejected: 1, deadLetters: 1 });
    expect(failing.writes).toHaveLength(1);
  });
});
