import { formatUnits } from "@tally/decimal";
import { describe, expect, test } from "bun:test";
import { createReferenceAggregator } from "@tally/kernel-wasm/reference";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const BILLING_FILE_SPEC = { format: "csv", keys: ["company"], sum: "cost", scale: 2 } as const;
import { ConnectionError } from "../errors.ts";
import { byteStreamSource } from "../io/byte-stream-source.ts";
import { fileSource } from "../io/file/file-source.ts";
import { opener } from "../io/file/resolve-inside.ts";
import type { AggregateResult, Aggregator } from "../kernel.ts";
import { pipeline } from "../model/pipeline.ts";
import { memorySink, runInMemory } from "../runners/in-memory.ts";
import { runPipeline } from "../runners/streaming-runner.ts";
import { aggregateBytes, kernelAggregate } from "./kernel-aggregate.ts";
import { flatMap } from "./map.ts";

/** A tiny in-test aggregator: counts bytes and chunks, so we see exactly what the step pushed. */
function byteCounter(): Aggregator & { chunks: number[] } {
  const chunks: number[] = [];
  return {
    chunks,
    push: (c) => void chunks.push(c.byteLength),
    finish: (): AggregateResult => ({ groups: [{ key: ["all"], count: chunks.length }], records: chunks.length, rejectedCount: 0, rejections: [], bytes: chunks.reduce((a, b) => a + b, 0) }),
  };
}

async function* chunksOf(...parts: string[]) {
  for (const p of parts) yield new TextEncoder().encode(p);
}

describe("kernel aggregate step", () => {
  test("aggregateBytes pushes every chunk, reports progress, returns finish()", async () => {
    const agg = byteCounter();
    const progress: number[] = [];
    const result = await aggregateBytes(chunksOf("ab", "cde", ""), agg, (p) => progress.push(p.bytes));
    expect(agg.chunks).toEqual([2, 3, 0]);
    expect(progress).toEqual([2, 5, 5]);
    expect(result.bytes).toBe(5);
  });

  test("records spanning chunks aggregate the same as one chunk (reference aggregator)", async () => {
    const csv = "service,cost,company\nRun,10.5,A\nSQL,20.25,B\nLB,1,A\n";
    const whole = await aggregateBytes(chunksOf(csv), createReferenceAggregator(BILLING_FILE_SPEC));
    const split = await aggregateBytes(chunksOf(...csv.match(/.{1,3}/gs)!), createReferenceAggregator(BILLING_FILE_SPEC));
    expect(split.groups).toEqual(whole.groups);
    expect(whole.groups.find((g) => g.key[0] === "A")?.sum).toBe(1150n);
  });

  test("billing files through the model: file source → kernel → fees per company", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tally-kagg-"));
    try {
      await writeFile(join(dir, "f1.csv"), "service,cost,company\r\nRun,10.0,A\r\nSQL,0.10,B\r\nLB,56.00,A\r\n");
      const run = await runInMemory(
        (source) =>
          pipeline
            .from(source)
            .apply(kernelAggregate({ spec: BILLING_FILE_SPEC, createAggregator: createReferenceAggregator, open: opener(dir) }))
            .apply(flatMap(({ input, result }) => result.groups.map((g) => ({ file: input, company: g.key[0]!, totalCost: formatUnits(g.sum!, 2) })))),
        [["f1.csv", "../etc/passwd", "missing.csv"]],
      );
      expect(run.output.sort((a, b) => a.company.localeCompare(b.company))).toEqual([
        { file: "f1.csv", company: "A", totalCost: "66.00" },
        { file: "f1.csv", company: "B", totalCost: "0.10" },
      ]);
      // Unreadable inputs are poison: dead-lettered, and the batch is still acknowledged.
      expect(run.rejected.map((r) => r.item)).toEqual(["../etc/passwd", "missing.csv"]);
      expect(run.acked).toEqual(["batch-0"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("a byte stream (stdin, an upload) is one element of one batch", async () => {
    const sink = memorySink<{ groups: number; records: number }>();
    const p = pipeline
      .from(byteStreamSource("upload-1", chunksOf('{"u":"a"}\n{"u"', ':"b"}\n{"u":"a"}\n')))
      .apply(kernelAggregate({ spec: { format: "ndjson", keys: ["u"] }, createAggregator: createReferenceAggregator, open: (b) => b }))
      .apply(flatMap(({ result }) => [{ groups: result.groups.length, records: result.records }]));
    await runPipeline(p.to(sink));
    expect(sink.writes).toEqual([{ batchId: "upload-1", items: [{ groups: 2, records: 3 }] }]);
  });

  test("a transient read failure fails the batch (retried), it is not dead-lettered", async () => {
    let opens = 0;
    const sink = memorySink<unknown>();
    const p = pipeline.from(fileSource(["a"])).apply(
      kernelAggregate({
        spec: BILLING_FILE_SPEC,
        createAggregator: () => byteCounter(),
        open: async () => {
          if (opens++ === 0) throw new ConnectionError("nfs hiccup");
          return chunksOf("x");
        },
      }),
    );
    const stats = await runPipeline(p.to(sink), { retry: { sleep: async () => {} } });
    expect(opens).toBe(2);
    expect(stats.rejected).toBe(0);
    expect(sink.writes).toHaveLength(1);
  });
});
