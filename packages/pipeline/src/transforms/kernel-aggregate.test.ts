import { formatUnits } from "@tally/decimal";
import { afterAll, describe, expect, test } from "bun:test";
import { loadKernelFromDisk } from "@tally/kernel-wasm/disk";
import { createReferenceAggregator } from "@tally/kernel-wasm/reference";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConnectionError, InputError, PipelineError, PoisonError, UnsafePathError } from "../errors.ts";
import { fileInput } from "../io/file/aggregate-file.ts";
import { resolveFiles } from "../io/file/resolve-files.ts";
import type { AggregateResult, AggregateSpec, Aggregator } from "../kernel.ts";
import { createContext } from "../model/context.ts";
import { pipeline } from "../model/pipeline.ts";
import { batchOf, type Source } from "../model/source.ts";
import { memorySink, memorySource, runInMemory } from "../runners/in-memory.ts";
import { runPipeline } from "../runners/streaming-runner.ts";
import { aggregateBytes, kernelAggregate, type KernelInput } from "./kernel-aggregate.ts";
import { flatMap } from "./map.ts";

/** The billing-file spec, inlined (the pipeline does not depend on @tally/billing). */
const BILLING_FILE_SPEC = { format: "csv", keys: ["company"], sum: "cost", scale: 2 } as const;

const dir = await mkdtemp(join(tmpdir(), "tally-kagg-"));
afterAll(() => rm(dir, { recursive: true, force: true }));
const wasm = await loadKernelFromDisk();
/** Both implementations of the kernel contract: every test below holds for each. */
const kernels = [
  ["reference", { createAggregator: createReferenceAggregator }],
  ["wasm", { createAggregator: (spec: AggregateSpec) => wasm.createAggregator(spec) }],
] as const;

const encode = (text: string) => new TextEncoder().encode(text);

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
  for (const p of parts) yield encode(p);
}

/** Runs the transform once over `items` with a fresh context whose keepAlive is counted. */
async function aggregate<T>(input: (item: T) => KernelInput | Promise<KernelInput>, items: T[], kernel: { createAggregator: (s: AggregateSpec) => Aggregator } = kernels[0][1], spec: AggregateSpec = BILLING_FILE_SPEC) {
  let keepAlives = 0;
  const ctx = createContext("b1", async () => void keepAlives++);
  const out = await kernelAggregate({ spec, kernel, input })(items, ctx);
  return { out, ctx, keepAlives: () => keepAlives };
}

const CSV = "service,cost,company\r\nRun,10.0,A\r\nSQL,0.10,B\r\nbad,1.234,A\r\nLB,56.00,A\r\n";
const totals = (r: AggregateResult) => Object.fromEntries(r.groups.map((g) => [g.key[0], formatUnits(g.sum!, 2)]));

describe("aggregateBytes", () => {
  test("pushes every chunk, reports progress, returns finish()", async () => {
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
});

describe.each(kernels)("kernelAggregate (%s kernel)", (name, kernel) => {
  test("fileInput(path): reads the file and counts records, rejections, bytes and kernel time", async () => {
    const path = join(dir, "f1.csv");
    await writeFile(path, CSV);
    const { out, ctx, keepAlives } = await aggregate((p: string) => fileInput(p), [path], kernel);
    expect(out).toHaveLength(1);
    expect(out[0]!.input).toBe(path);
    expect(totals(out[0]!.result)).toEqual({ A: "66.00", B: "0.10" });
    expect(out[0]!.result.rejections).toEqual([{ line: 4, reason: expect.any(String) }]);
    expect(ctx.counts).toMatchObject({ records: 3, rejected: 1, bytes: CSV.length });
    expect(ctx.counts.kernelSeconds).toBeGreaterThan(0);
    expect(ctx.rejected).toEqual([]);
    expect(keepAlives()).toBeGreaterThanOrEqual(1);
  });

  test("fileInput(path): keeps the source's lease alive after every chunk of a big file", async () => {
    const path = join(dir, "big.csv");
    const row = "Run,1.00,A\n";
    const rows = Math.ceil((5 * 1024 * 1024) / row.length); // > 2 reads of 2 MiB
    await writeFile(path, "service,cost,company\n" + row.repeat(rows));
    const { out, ctx, keepAlives } = await aggregate((p: string) => fileInput(p), [path], kernel);
    expect(out[0]!.result.records).toBe(rows);
    expect(ctx.counts.records).toBe(rows);
    expect(keepAlives()).toBeGreaterThanOrEqual(3);
    // The reference reads exactly 2 MiB chunks; the kernel reads at most that (its input region may be smaller).
    if (name === "reference") expect(keepAlives()).toBe(3);
  });

  test("{bytes}: one message's bytes; a null (tombstone) or empty value is zero records", async () => {
    const { out, ctx } = await aggregate((v: Uint8Array | null) => ({ bytes: v }), [encode(CSV), null, new Uint8Array(0)], kernel);
    expect(out.map((o) => o.result.records)).toEqual([3, 0, 0]);
    expect(totals(out[0]!.result)).toEqual({ A: "66.00", B: "0.10" });
    expect(out[1]!.result).toEqual({ groups: [], records: 0, rejectedCount: 0, rejections: [], bytes: 0 });
    expect(out[1]!.input).toBeNull();
    expect(ctx.counts).toMatchObject({ records: 3, rejected: 1, bytes: CSV.length });
    expect(ctx.rejected).toEqual([]);
  });

  test("{stream}: chunks of any size, records spanning them", async () => {
    const { out, ctx } = await aggregate((parts: string[]) => ({ stream: chunksOf(...parts) }), [CSV.match(/.{1,5}/gs)!, [CSV]], kernel);
    expect(out.map((o) => totals(o.result))).toEqual([
      { A: "66.00", B: "0.10" },
      { A: "66.00", B: "0.10" },
    ]);
    expect(ctx.counts).toMatchObject({ records: 6, rejected: 2, bytes: 2 * CSV.length });
  });

  test("{read}: a reader fills the aggregator itself, with the batch's keep-alive", async () => {
    const reader = (text: string): KernelInput => ({
      read: async (aggregator, keepAlive) => {
        for (const part of text.match(/.{1,7}/gs)!) {
          aggregator.push(encode(part));
          await keepAlive();
        }
        return aggregator.finish();
      },
    });
    const { out, ctx, keepAlives } = await aggregate(reader, [CSV], kernel);
    expect(totals(out[0]!.result)).toEqual({ A: "66.00", B: "0.10" });
    expect(keepAlives()).toBe(Math.ceil(CSV.length / 7));
    expect(ctx.counts).toMatchObject({ records: 3, rejected: 1, bytes: CSV.length });
  });

  test("poison goes to the dead letters by kind; the other elements are aggregated", async () => {
    await mkdir(join(dir, "a-directory"), { recursive: true });
    const inputs: Record<string, () => KernelInput> = {
      good: () => ({ bytes: encode(CSV) }),
      missing: () => fileInput(join(dir, "missing.csv")),
      directory: () => fileInput(join(dir, "a-directory")),
      "bad header": () => ({ bytes: encode("x,y\n1,2\n") }),
      unsafe: () => {
        throw new UnsafePathError("leaves the base");
      },
      "input error": () => {
        throw new InputError("no such file: x.csv");
      },
      "own kind": () => {
        throw new PoisonError("empty", "names no file");
      },
      permanent: () => {
        throw new PipelineError("refused", { retriable: false });
      },
    };
    const { out, ctx } = await aggregate((name: string) => inputs[name]!(), Object.keys(inputs), kernel);
    expect(out.map((o) => o.input)).toEqual(["good"]);
    expect(ctx.rejected.map((r) => [r.item, r.kind])).toEqual([
      ["missing", "unreadable"],
      ["directory", "unreadable"],
      ["bad header", "bad_format"],
      ["unsafe", "unsafe_path"],
      ["input error", "unreadable"],
      ["own kind", "empty"],
      ["permanent", "permanent_failure"],
    ]);
    expect(ctx.rejected.find((r) => r.item === "bad header")?.reason).toStartWith("UNKNOWN_COLUMN: ");
    expect(ctx.rejected.find((r) => r.item === "missing")?.reason).toContain("ENOENT");
    expect(ctx.rejected.every((r) => r.batchId === "b1")).toBe(true);
    // Only what was read counts.
    expect(ctx.counts).toMatchObject({ records: 3, rejected: 1, bytes: CSV.length });
  });

  test("an error that retrying may fix fails the whole batch instead", async () => {
    const input = (n: number): KernelInput => {
      if (n === 2) throw new ConnectionError("nfs hiccup");
      return { bytes: encode(CSV) };
    };
    await expect(aggregate(input, [1, 2, 3], kernel)).rejects.toBeInstanceOf(ConnectionError);
    await expect(aggregate(() => Promise.reject(new Error("unknown")), [1], kernel)).rejects.toThrow("unknown");
  });
});

describe("kernelAggregate in a pipeline", () => {
  test("billing files through the model: names → resolveFiles → kernel → fees per company", async () => {
    const base = join(dir, "reports");
    await mkdir(base, { recursive: true });
    await writeFile(join(base, "f1.csv"), "service,cost,company\r\nRun,10.0,A\r\nSQL,0.10,B\r\nLB,56.00,A\r\n");
    const run = await runInMemory(
      (source) =>
        pipeline
          .from<string>(source)
          .apply(resolveFiles(base, (name: string) => name))
          .apply(kernelAggregate({ spec: BILLING_FILE_SPEC, kernel: { createAggregator: createReferenceAggregator }, input: (f) => fileInput(f.path) }))
          .apply(flatMap(({ input, result }) => result.groups.map((g) => ({ file: input.name, company: g.key[0]!, totalCost: formatUnits(g.sum!, 2) })))),
      [["f1.csv", "../etc/passwd", "missing.csv"]],
    );
    expect(run.output.sort((a, b) => a.company.localeCompare(b.company))).toEqual([
      { file: "f1.csv", company: "A", totalCost: "66.00" },
      { file: "f1.csv", company: "B", totalCost: "0.10" },
    ]);
    // Unreadable inputs are poison: dead-lettered, and the batch is still acknowledged.
    expect(run.rejected.map((r) => [r.item, r.kind])).toEqual([
      ["../etc/passwd", "unsafe_path"],
      ["missing.csv", "unreadable"],
    ]);
    expect(run.acked).toEqual(["batch-0"]);
  });

  test("a byte stream (stdin, an upload) is one element of one batch", async () => {
    const sink = memorySink<{ groups: number; records: number }>();
    const source: Source<AsyncIterable<Uint8Array>> = {
      async *batches() {
        yield batchOf("upload-1", [chunksOf('{"u":"a"}\n{"u"', ':"b"}\n{"u":"a"}\n')]);
      },
    };
    const p = pipeline
      .from(source)
      .apply(kernelAggregate({ spec: { format: "ndjson", keys: ["u"] }, kernel: { createAggregator: createReferenceAggregator }, input: (stream) => ({ stream }) }))
      .apply(flatMap(({ result }) => [{ groups: result.groups.length, records: result.records }]));
    await runPipeline(p.to(sink));
    expect(sink.writes).toEqual([{ batchId: "upload-1", items: [{ groups: 2, records: 3 }] }]);
  });

  test("a transient read failure fails the batch (retried), it is not dead-lettered", async () => {
    let opens = 0;
    const sink = memorySink<unknown>();
    const p = pipeline.from(memorySource([["a"]])).apply(
      kernelAggregate({
        spec: BILLING_FILE_SPEC,
        kernel: { createAggregator: () => byteCounter() },
        input: async () => {
          if (opens++ === 0) throw new ConnectionError("nfs hiccup");
          return { stream: chunksOf("x") };
        },
      }),
    );
    const stats = await runPipeline(p.to(sink), { retry: { sleep: async () => {} } });
    expect(opens).toBe(2);
    expect(stats.rejected).toBe(0);
    expect(sink.writes).toHaveLength(1);
  });

  test("each element gets a fresh aggregator", async () => {
    const made: ReturnType<typeof byteCounter>[] = [];
    const createAggregator = () => {
      const a = byteCounter();
      made.push(a);
      return a;
    };
    const ctx = createContext("b");
    const out = await kernelAggregate({ spec: BILLING_FILE_SPEC, kernel: { createAggregator }, input: (s: string) => ({ bytes: encode(s) }) })(["ab", "cde"], ctx);
    expect(made.map((a) => a.chunks)).toEqual([[2], [3]]);
    expect(out.map((o) => o.result.bytes)).toEqual([2, 3]);
  });
});
