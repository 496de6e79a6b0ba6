/**
 * Parts give exactly what one aggregator gives: aggregateFileParallel on generated files (quoted
 * fields holding commas, LFs and doubled quotes, CRLF, blank lines, bad rows) split into many small
 * parts. (The CLI's real process with --threads: packages/cli/src/parallel-aggregate.test.ts.)
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRng } from "@tally/generate";
import { quotedCsvText as csvText } from "../../testing/quoted-csv.ts";
import type { AggregateResult, AggregateSpec } from "@tally/kernel-wasm";
import { loadKernelFromDisk } from "@tally/kernel-wasm/disk";
import { aggregateFile } from "./aggregate-file.ts";
import { aggregateFileParallel, defaultThreads, type PartKernel } from "./parallel-aggregate.ts";
import { WorkerPool } from "./worker-pool.ts";

const dir = await mkdtemp(join(tmpdir(), "tally-threads-"));
afterAll(() => rm(dir, { recursive: true, force: true }));
const kernel = await loadKernelFromDisk();

/** The cases are random but the same on every run (the project's seeded generator). */
const rng = (seed: number): (() => number) => createRng(seed).float;


const summary = (r: AggregateResult) => JSON.stringify({ ...r, groups: r.groups.map((g) => [g.key, g.count, String(g.sum)]) });

describe("aggregateFileParallel", () => {
  test("equals one aggregator on 30 generated files, each split into 2 to 8 parts", async () => {
    const spec: AggregateSpec = { format: "csv", keys: ["company"], sum: "cost", scale: 2 };
    const r = rng(13);
    let splitRuns = 0;
    for (let c = 0; c < 30; c++) {
      const path = join(dir, `case-${c}.csv`);
      await writeFile(path, csvText(r, 50 + Math.floor(r() * 400)));
      const want = await aggregateFile(path, kernel.createAggregator(spec, { keyOrder: true }));
      const threads = 2 + Math.floor(r() * 7);
      const got = await aggregateFileParallel(path, spec, threads, kernel, { minPartBytes: 64 });
      expect(got).not.toBeNull();
      splitRuns++;
      expect(summary(got!)).toBe(summary(want));
    }
    expect(splitRuns).toBe(30);
  }, 120_000);

  test("a header longer than the first 64 KiB read is still found (a second, longer read) and the file is split", async () => {
    const spec: AggregateSpec = { format: "csv", keys: ["company"], sum: "cost", scale: 2 };
    const path = join(dir, "long-header.csv");
    const filler = Array.from({ length: 9_000 }, (_, i) => `unused_column_${i}`).join(",");
    const rows = Array.from({ length: 3_000 }, (_, i) => `${",".repeat(9_000)}c${i % 17},${i % 50}.25`);
    await writeFile(path, `${filler},company,cost\n${rows.join("\n")}\n`);
    const want = await aggregateFile(path, kernel.createAggregator(spec, { keyOrder: true }));
    const got = await aggregateFileParallel(path, spec, 3, kernel, { minPartBytes: 64 });
    expect(filler.length).toBeGreaterThan(65_536);
    expect(got).not.toBeNull();
    expect(summary(got!)).toBe(summary(want));
    expect(got!.groups).toHaveLength(17);
  }, 60_000);

  test("with onChunk (a service's keep-alive) part 0 yields after its reads and the result is the same; a failing onChunk fails the call", async () => {
    const spec: AggregateSpec = { format: "csv", keys: ["company"], sum: "cost", scale: 2 };
    const path = join(dir, "yielding.csv");
    await writeFile(path, csvText(rng(21), 20_000));
    const want = await aggregateFile(path, kernel.createAggregator(spec, { keyOrder: true }));
    let calls = 0;
    const got = await aggregateFileParallel(path, spec, 3, kernel, {
      minPartBytes: 64,
      onChunk: async () => {
        calls++;
        await Bun.sleep(0);
      },
    });
    expect(summary(got!)).toBe(summary(want));
    expect(calls).toBeGreaterThan(0);
    const failing = aggregateFileParallel(path, spec, 3, kernel, {
      minPartBytes: 64,
      onChunk: () => {
        throw new Error("membership lost");
      },
    });
    await expect(failing).rejects.toThrow("membership lost");
    // The kernel still serves after the failure (part 0's instance went back to the pool).
    const again = await aggregateFileParallel(path, spec, 3, kernel, { minPartBytes: 64 });
    expect(summary(again!)).toBe(summary(want));
  });

  test("a WorkerPool's Workers serve file after file (the same Workers, the same results) and are kept up to its size", async () => {
    const spec: AggregateSpec = { format: "csv", keys: ["company"], sum: "cost", scale: 2 };
    const path = join(dir, "pooled.csv");
    await writeFile(path, csvText(rng(33), 5_000));
    const want = summary(await aggregateFile(path, kernel.createAggregator(spec, { keyOrder: true })));
    const pool = new WorkerPool(2);
    try {
      for (let i = 0; i < 3; i++) expect(summary((await aggregateFileParallel(path, spec, 3, kernel, { minPartBytes: 64, pool }))!)).toBe(want);
      const [a, b, c] = pool.take(3);
      // Two came back idle from the runs above; a third had to be started.
      expect(new Set([a, b, c]).size).toBe(3);
      pool.give([a!, b!, c!], true);
      expect(pool.take(3).filter((w) => w === a || w === b || w === c).length).toBe(2);
    } finally {
      pool.close();
    }
  });

  test("two parts of 150k groups written as rows: each part sorts its table and part 0 walks both, the bytes one aggregator writes", async () => {
    const spec: AggregateSpec = { format: "csv", keys: ["company"], sum: "cost", scale: 2 };
    const r = rng(29);
    // Every key twice, in random order: most keys in both halves, some in one; some keys need csv quotes.
    const keys = Array.from({ length: 150_000 }, (_, i) => (i % 997 === 0 ? `"c ${i}, Inc"` : `c${i}`));
    const rows = [...keys, ...keys].map((k) => `s,${Math.floor(r() * 20_000) - 5_000}.${Math.floor(r() * 10)}5,${k}`);
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
    const path = join(dir, "many-keys.csv");
    await writeFile(path, `service,cost,company\n${rows.join("\n")}\ns,oops,c1\n`);
    for (const render of ["jsonl", "csv"] as const) {
      const want = await aggregateFile(path, kernel.createAggregator(spec, { keyOrder: true, render }));
      let joined = false;
      const spy: PartKernel = {
        module: kernel.module,
        createPart: (...a) => kernel.createPart(...a),
        mergeParts: (sp, parts, line, bytes, options) => {
          joined = options?.sorted !== undefined;
          return kernel.mergeParts(sp, parts, line, bytes, options);
        },
      };
      // Without a key-range exchange (exchange-aggregate.test.ts has those).
      const got = await aggregateFileParallel(path, spec, 2, spy, { minPartBytes: 1024, render, exchange: "never" });
      expect(joined).toBe(true);
      expect(got!.rendered!.count).toBe(150_000);
      expect(Buffer.from(got!.rendered!.bytes).equals(Buffer.from(want.rendered!.bytes))).toBe(true);
      expect({ ...got!, rendered: undefined }).toEqual({ ...want, rendered: undefined });
      expect(got!.rejections).toEqual([{ line: 300_002, reason: want.rejections[0]!.reason }]);
    }
  }, 60_000);

  test("falls back (null) for one thread and for files too small to split", async () => {
    const path = join(dir, "small.csv");
    await writeFile(path, "company,cost\nA,1\n");
    const spec: AggregateSpec = { format: "csv", keys: ["company"], sum: "cost" };
    expect(await aggregateFileParallel(path, spec, 1, kernel, { minPartBytes: 1 })).toBeNull();
    expect(await aggregateFileParallel(path, spec, 4, kernel)).toBeNull();
  });
});

describe("defaultThreads", () => {
  test("is the cores available", () => {
    expect(defaultThreads()).toBe(navigator.hardwareConcurrency);
  });
});
