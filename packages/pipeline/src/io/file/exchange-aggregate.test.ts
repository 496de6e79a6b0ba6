/**
 * Two parts with a key-range exchange (exchange-aggregate.ts) write the bytes one aggregator writes:
 * many keys (the exchange chosen from the file's samples), generated files with quoted keys, CRLF and
 * bad rows around split keys given by the test, and the cases that must fall back — a split guess
 * inside a quoted field, a table that fills up mid-exchange, keys the kernel leaves to JS.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRng } from "@tally/generate";
import type { AggregateResult, AggregateSpec, RowFormat } from "@tally/kernel-wasm";
import { loadKernelFromDisk } from "@tally/kernel-wasm/disk";
import { quotedCsvText } from "../../testing/quoted-csv.ts";
import { aggregateFile } from "./aggregate-file.ts";
import { aggregateFileParallel, type ParallelOptions, type PartKernel } from "./parallel-aggregate.ts";
import { WorkerPool } from "./worker-pool.ts";

const dir = await mkdtemp(join(tmpdir(), "tally-exchange-"));
afterAll(() => rm(dir, { recursive: true, force: true }));
const kernel = await loadKernelFromDisk();
const spec: AggregateSpec = { format: "csv", keys: ["company"], sum: "cost", scale: 2 };
const bytes = (s: string) => new TextEncoder().encode(s);

/** Runs two parts; `merged` says whether the parts were merged or joined (no exchange) rather than exchanged. */
async function twoParts(path: string, render: RowFormat, options: ParallelOptions): Promise<{ got: AggregateResult; merged: boolean }> {
  let merged = false;
  const spy: PartKernel = {
    module: kernel.module,
    createPart: (...a) => kernel.createPart(...a),
    mergeParts: (...a) => {
      merged = true;
      return kernel.mergeParts(...a);
    },
  };
  const got = await aggregateFileParallel(path, spec, 2, spy, { minPartBytes: 64, render, ...options });
  expect(got).not.toBeNull();
  return { got: got!, merged };
}

async function oneAggregator(path: string, render: RowFormat): Promise<AggregateResult> {
  return aggregateFile(path, kernel.createAggregator(spec, { keyOrder: true, render }));
}

/** The same rows (or, where one aggregator leaves the rows to JS too, the same groups), counts and rejections. */
function expectSame(got: AggregateResult, want: AggregateResult): void {
  expect(got.rendered?.count).toBe(want.rendered?.count);
  expect(Buffer.from(got.rendered?.bytes ?? []).toString()).toBe(Buffer.from(want.rendered?.bytes ?? []).toString());
  const plain = (r: AggregateResult) => ({ ...r, rendered: undefined, groups: r.groups.map((g) => [g.key, g.count, String(g.sum)]) });
  expect(plain(got)).toEqual(plain(want));
}

/** Two parts around split key "k5" give up the exchange (the parts are merged) and still write one aggregator's rows. */
async function expectFallBack(path: string): Promise<void> {
  const want = await oneAggregator(path, "jsonl");
  const { got, merged } = await twoParts(path, "jsonl", { exchange: { split: bytes("k5") } });
  expect(merged).toBe(true);
  expectSame(got, want);
}

/** `n` distinct keys, each on 1-3 rows in random order, some needing csv quotes, and a bad row. */
function manyKeys(r: () => number, n: number): string {
  const rows: string[] = [];
  for (let i = 0; i < n; i++) {
    const key = i % 997 === 0 ? `"c ${i}, Inc"` : i % 1009 === 0 ? `"c""${i}"` : `c${i}`;
    for (let k = 1 + Math.floor(r() * 3); k > 0; k--) rows.push(`s,${Math.floor(r() * 20_000) - 5_000}.${Math.floor(r() * 10)}5,${key}`);
  }
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  rows.splice(rows.length >> 1, 0, "s,oops,c1", "s,1.5");
  return `service,cost,company\r\n${rows.join("\n")}\n`;
}

describe("aggregateFileParallel with a key-range exchange", () => {
  test("150k keys: the sampled keys choose the exchange, and the rows, counts and rejections are one aggregator's (jsonl and csv)", async () => {
    const path = join(dir, "many-keys.csv");
    await writeFile(path, manyKeys(createRng(7).float, 150_000));
    for (const render of ["jsonl", "csv"] as const) {
      const want = await oneAggregator(path, render);
      const { got, merged } = await twoParts(path, render, {});
      expect(merged).toBe(false);
      expectSame(got, want);
      expect(got.rejections.map((x) => x.reason)).toEqual(["invalid decimal", "missing column"]);
      // Without it (the sorted join of two full tables) the bytes are the same too.
      const without = await twoParts(path, render, { exchange: "never" });
      expect(without.merged).toBe(true);
      expectSame(without.got, want);
    }
  }, 60_000);

  test("generated files with quoted keys, CRLF, blank lines and bad rows, around many split keys: one aggregator's rows", async () => {
    const r = createRng(41).float;
    const splits = ["", "A", "B", "C", '"', "D", "multi", "x\r", "\x7f"];
    let exchanged = 0;
    let fellBack = 0;
    for (let c = 0; c < 24; c++) {
      const path = join(dir, `quoted-${c}.csv`);
      await writeFile(path, quotedCsvText(r, 200 + Math.floor(r() * 3000)).replaceAll("é", "E"));
      const render = c % 2 === 0 ? "jsonl" : "csv";
      const want = await oneAggregator(path, render);
      const { got, merged } = await twoParts(path, render, { exchange: { split: bytes(splits[c % splits.length]!) } });
      expectSame(got, want);
      if (merged) fellBack++;
      else exchanged++;
    }
    // Most split guesses are right; a guess inside a quoted field with an LF falls back.
    expect(exchanged).toBeGreaterThan(12);
    expect(exchanged + fellBack).toBe(24);
  }, 120_000);

  test("a split guess inside a quoted field full of LFs falls back to the parts resolved and merged", async () => {
    const path = join(dir, "quoted-middle.csv");
    const rows = Array.from({ length: 2_000 }, (_, i) => `s,${i}.25,k${i}`);
    await writeFile(path, `service,cost,company\n${rows.join("\n")}\ns,1,"${"line\n".repeat(4_000)}"\n${rows.join("\n")}\n`);
    await expectFallBack(path);
  }, 60_000);

  test("a key with a byte >= 0x80 (left to JS's decoder) falls back before any row is written", async () => {
    const path = join(dir, "high-key.csv");
    const rows = Array.from({ length: 3_000 }, (_, i) => `s,${i}.25,${i === 2_500 ? "zé" : `k${i}`}`);
    await writeFile(path, `service,cost,company\n${rows.join("\n")}\n`);
    await expectFallBack(path);
  }, 60_000);

  test("a part's table filling up mid-exchange (700k keys on one side) gives the exchange up on both threads; the pooled Worker serves on", async () => {
    const path = join(dir, "full.csv");
    const rows = Array.from({ length: 700_000 }, (_, i) => `s,1.5,k${(i * 7919) % 700_000}`);
    await writeFile(path, `service,cost,company\n${rows.join("\n")}\n`);
    // One aggregator drains its table at 600k groups and leaves the rows to JS: the parts without an
    // exchange (held equal to it by parallel-aggregate.test.ts) are the reference here.
    const want = (await twoParts(path, "csv", { exchange: "never" })).got;
    expect(want.rendered!.count).toBe(700_000);
    const pool = new WorkerPool(1);
    try {
      // Every key is at or above "": all go to the Worker's part, whose table holds 600k at most.
      const { got, merged } = await twoParts(path, "csv", { exchange: { split: new Uint8Array(0) }, pool });
      expect(merged).toBe(true);
      expectSame(got, want);
      const small = join(dir, "after.csv");
      await writeFile(small, manyKeys(createRng(3).float, 5_000));
      const again = await twoParts(small, "csv", { exchange: { split: bytes("c5") }, pool });
      expect(again.merged).toBe(false);
      expectSame(again.got, await oneAggregator(small, "csv"));
    } finally {
      pool.close();
    }
  }, 120_000);
});
