import { afterAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadKernelFromDisk } from "@tally/kernel-wasm/disk";
import { createReferenceAggregator } from "@tally/kernel-wasm/reference";
import type { AggregateResult, AggregateSpec, Aggregator } from "../../kernel.ts";
import { supportsDirectInput } from "../../kernel.ts";
import { aggregateFile } from "./aggregate-file.ts";

const dir = await mkdtemp(join(tmpdir(), "tally-aggfile-"));
afterAll(() => rm(dir, { recursive: true, force: true }));
const kernel = await loadKernelFromDisk();
const spec: AggregateSpec = { format: "csv", keys: ["company"], sum: "cost" };

/** A BOM, a quoted key with a comma and a newline, a bad row, ~1.3 MB so chunks cut records. */
function document(): string {
  const rows = ["\uFEFFcompany,cost,note\n"];
  for (let i = 0; i < 40_000; i++) rows.push(i % 101 === 0 ? `"Acme, ""Inc""\n",${i % 50}.25,x\n` : `co${i % 37},${i % 1000}.${i % 10}0,note ${i}\n`);
  rows.push("bad,1.234,x\nco1,2"); // a rejection; no final newline
  return rows.join("");
}

function pushAll(agg: Aggregator, bytes: Uint8Array): AggregateResult {
  agg.push(bytes);
  return agg.finish();
}

describe("aggregateFile", async () => {
  const path = join(dir, "billing.csv");
  const bytes = new TextEncoder().encode(document());
  await writeFile(path, bytes);
  const want = pushAll(createReferenceAggregator(spec), bytes);

  test("reads straight into the kernel (DirectInput) with the same result as push", async () => {
    // 64 MiB is more than the kernel's input region holds: reads are capped by inputSpace().
    for (const chunkSize of [4096, 65_537, 4 * 1024 * 1024, 64 * 1024 * 1024]) {
      const agg = kernel.createAggregator(spec);
      expect(supportsDirectInput(agg)).toBe(true);
      const seen: number[] = [];
      const got = await aggregateFile(path, agg, { chunkSize, onChunk: (b) => void seen.push(b) });
      expect(got).toEqual(want);
      expect(seen.at(-1)).toBe(bytes.length);
      expect(seen.every((b, i) => i === 0 || b > seen[i - 1]!)).toBe(true);
    }
  });

  test("one-byte reads and small batches through the kernel", async () => {
    const small = join(dir, "small.csv");
    const text = "\uFEFFcompany,cost\n\"a\"\"b\",1.50\nx,2\r\nx,3.25\n\nbad,1.999\nx,4";
    await writeFile(small, text);
    const ref = pushAll(createReferenceAggregator(spec), new TextEncoder().encode(text));
    expect(await aggregateFile(small, kernel.createAggregator(spec), { chunkSize: 1 })).toEqual(ref);
    expect(await aggregateFile(small, kernel.createAggregator(spec, { batchBytes: 1 }), { chunkSize: 3 })).toEqual(ref);
  });

  test("falls back to fileChunks + push for the reference aggregator, and awaits onChunk", async () => {
    const agg = createReferenceAggregator(spec);
    expect(supportsDirectInput(agg)).toBe(false);
    let calls = 0;
    const got = await aggregateFile(path, agg, {
      chunkSize: 100_000,
      onChunk: async () => {
        await Bun.sleep(0);
        calls++;
      },
    });
    expect(got).toEqual(want);
    expect(calls).toBe(Math.ceil(bytes.length / 100_000));
  });

  test("an empty file, a missing file, an aborted signal", async () => {
    const empty = join(dir, "empty.csv");
    await writeFile(empty, "");
    expect(await aggregateFile(empty, kernel.createAggregator(spec))).toEqual(pushAll(createReferenceAggregator(spec), new Uint8Array(0)));
    for (const make of [() => kernel.createAggregator(spec), () => createReferenceAggregator(spec)]) {
      await expect(aggregateFile(join(dir, "missing"), make())).rejects.toMatchObject({ code: "ENOENT" });
      await expect(aggregateFile(path, make(), { signal: AbortSignal.abort() })).rejects.toThrow();
    }
  });
});
