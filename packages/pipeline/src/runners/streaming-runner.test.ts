import { describe, expect, test } from "bun:test";
import { PipelineError, RetriesExhaustedError } from "../errors.ts";
import { pipeline } from "../model/pipeline.ts";
import type { Sink } from "../model/sink.ts";
import type { Source } from "../model/source.ts";
import { map } from "../transforms/map.ts";
import { memorySink, memorySource, runInMemory } from "./in-memory.ts";
import { runPipeline } from "./streaming-runner.ts";

const noSleep = { sleep: async () => {} };

describe("runner delivery semantics", () => {
  test("acknowledges a batch only after its sink write resolved", async () => {
    const events: string[] = [];
    const source: Source<number> = {
      async *batches() {
        yield { id: "b1", items: [1], ack: async () => void events.push("ack b1") };
        yield { id: "b2", items: [2], ack: async () => void events.push("ack b2") };
      },
    };
    const sink: Sink<number> = {
      async write(items, ctx) {
        await Bun.sleep(5);
        events.push(`write ${ctx.batchId}`);
      },
    };
    await runPipeline(pipeline.from(source).to(sink));
    expect(events).toEqual(["write b1", "ack b1", "write b2", "ack b2"]);
  });

  test("a failing sink is retried with backoff, heartbeating the source, and the batch written once", async () => {
    const sink = memorySink<number>();
    sink.fail(2);
    let heartbeats = 0;
    const acked: string[] = [];
    const source: Source<number> = {
      async *batches() {
        yield { id: "b1", items: [1, 2], ack: async () => void acked.push("b1"), keepAlive: async () => void heartbeats++ };
      },
    };
    const retries: number[] = [];
    await runPipeline(pipeline.from(source).to(sink), { retry: noSleep, onRetry: (r) => void retries.push(r.attempt) });
    expect(sink.writes).toEqual([{ batchId: "b1", items: [1, 2] }]);
    expect(retries).toEqual([1, 2]);
    expect(heartbeats).toBe(2);
    expect(acked).toEqual(["b1"]);
  });

  test("when retries run out the runner stops and leaves the batch unacknowledged", async () => {
    const source = memorySource([[1], [2]]);
    const sink = memorySink<number>();
    sink.fail(100);
    const error = await runPipeline(pipeline.from(source).to(sink), { retry: { ...noSleep, retries: 2 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect(source.acked).toEqual([]);
    expect(sink.writes).toEqual([]);
  });

  test("a non-retriable sink error stops the runner at once", async () => {
    const source = memorySource([[1]]);
    const sink = memorySink<number>();
    sink.fail(1, new PipelineError("schema mismatch", { retriable: false }));
    await expect(runPipeline(pipeline.from(source).to(sink), { retry: noSleep })).rejects.toThrow("schema mismatch");
    expect(source.acked).toEqual([]);
  });

  test("a retried batch dead-letters its poison once, not once per attempt", async () => {
    const sink = memorySink<number>();
    sink.fail(2);
    const run = await runInMemory(
      (s) =>
        pipeline.from<number>(s).apply((items, ctx) => {
          for (const n of items) if (n < 0) ctx.reject(n, "negative");
          return items.filter((n) => n >= 0);
        }),
      [[1, -1, 2]],
      { sink },
    );
    expect(run.rejected).toEqual([{ batchId: "batch-0", item: -1, reason: "negative", kind: "rejected" }]);
    expect(run.output).toEqual([1, 2]);
  });

  test("a dead-letter failure also holds back the ack", async () => {
    const source = memorySource([[-1]]);
    const deadLetters = { write: async () => Promise.reject(new PipelineError("dlq down", { retriable: false })) };
    const p = pipeline.from(source).apply((items, ctx) => {
      for (const n of items) ctx.reject(n, "bad");
      return [];
    });
    await expect(runPipeline(p.to(memorySink()), { deadLetters, retry: noSleep })).rejects.toThrow("dlq down");
    expect(source.acked).toEqual([]);
  });

  test("abort stops after the batch in progress", async () => {
    const controller = new AbortController();
    const source = memorySource([[1], [2], [3]]);
    const sink = memorySink<number>();
    const stats = await runPipeline(pipeline.from(source).apply(map((n: number) => n)).to(sink), {
      signal: controller.signal,
      onBatch: () => controller.abort(),
    });
    expect(stats.batches).toBe(1);
    expect(source.acked).toEqual(["batch-0"]);
  });
});
