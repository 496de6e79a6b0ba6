import { parseAtScale } from "@tally/decimal";
import { describe, expect, test } from "bun:test";
import { runInMemory } from "../runners/in-memory.ts";
import { combinePerKey } from "../transforms/combine-per-key.ts";
import { count, sum } from "../transforms/combiners.ts";
import { filter } from "../transforms/filter.ts";
import { map } from "../transforms/map.ts";
import { tryMap } from "../transforms/try-map.ts";
import { pipeline } from "./pipeline.ts";

interface Billing {
  service: string;
  cost: string;
  company: string;
}

const rows: Billing[] = [
  { service: "Cloud Run", cost: "10.0", company: "A" },
  { service: "Cloud SQL", cost: "20.0", company: "B" },
  { service: "Compute Engine", cost: "12.0", company: "C" },
  { service: "Load Balancer", cost: "11.0", company: "A" },
];

const cents = (text: string): bigint => {
  const units = parseAtScale(text, 2);
  if (units === null) throw new Error(`bad cost ${text}`);
  return units;
};

describe("pipeline model", () => {
  test("the seed's Map(company, cost) → CombinePerKey(sum) reads as written and sums exactly", async () => {
    const run = await runInMemory(
      (source) =>
        pipeline
          .from<Billing>(source)
          .apply(map((r) => [r.company, cents(r.cost)] as const))
          .apply(combinePerKey(sum)),
      [rows],
    );
    expect(run.output).toEqual([
      ["A", 2100n],
      ["B", 2000n],
      ["C", 1200n],
    ]);
    expect(run.acked).toEqual(["batch-0"]);
  });

  test("sums stay exact past 2^53 minor units", async () => {
    const big = { service: "x", cost: "90071992547409.93", company: "A" };
    const run = await runInMemory((s) => pipeline.from<Billing>(s).apply(map((r) => [r.company, cents(r.cost)] as const)).apply(combinePerKey(sum)), [
      [big, big, { ...big, cost: "0.01" }],
    ]);
    expect(run.output).toEqual([["A", 18014398509481987n]]);
  });

  test("each batch is combined and written on its own, then acknowledged in order", async () => {
    const run = await runInMemory(
      (s) => pipeline.from<string>(s).apply(map((w) => [w, 1] as const)).apply(combinePerKey(count)),
      [["a", "b", "a"], ["a"]],
    );
    expect(run.writes).toEqual([
      { batchId: "batch-0", items: [["a", 2], ["b", 1]] },
      { batchId: "batch-1", items: [["a", 1]] },
    ]);
    expect(run.acked).toEqual(["batch-0", "batch-1"]);
    expect(run.stats).toEqual({ batches: 2, itemsIn: 4, itemsOut: 3, rejected: 0 });
  });

  test("composite keys group by value, not by array identity", async () => {
    const pairs: [string, string][] = [["u1", "login"], ["u1", "login"], ["u1", "logout"]];
    const run = await runInMemory(
      (s) => pipeline.from<[string, string]>(s).apply(map(([u, t]) => [[u, t], 1] as const)).apply(combinePerKey(count)),
      [pairs],
    );
    expect(run.output).toEqual([
      [["u1", "login"], 2],
      [["u1", "logout"], 1],
    ]);
  });

  test("filter drops elements and tryMap dead-letters poison without failing the batch", async () => {
    const run = await runInMemory(
      (s) =>
        pipeline
          .from<string>(s)
          .apply(filter((line: string) => line.trim() !== ""))
          .apply(tryMap((line: string) => JSON.parse(line) as { n: number }))
          .apply(map((o) => o.n)),
      [['{"n":1}', "", "{oops", '{"n":2}']],
    );
    expect(run.output).toEqual([1, 2]);
    expect(run.rejected).toHaveLength(1);
    expect(run.rejected[0]).toMatchObject({ batchId: "batch-0", item: "{oops" });
    expect(run.acked).toEqual(["batch-0"]);
  });

  test("a stage is immutable: apply returns a new stage", () => {
    const base = pipeline.from<number>({ batches: async function* () {} });
    const doubled = base.apply(map((n) => n * 2));
    expect(base.steps).toBe(0);
    expect(doubled.steps).toBe(1);
  });
});
