import { describe, expect, test } from "bun:test";
import { lagOf, PartitionTable } from "./partition-table.ts";

describe("PartitionTable", () => {
  test("lag from commits and observations", () => {
    const t = new PartitionTable();
    t.observed("b", 1, 10, 0, -1);
    t.observed("a", 0, 50, 20, 45);
    t.committed("b", 1, 8, 10);
    expect(t.list()).toEqual([
      { topic: "a", partition: 0, committedOffset: 45, highWatermark: 50, lag: 5 },
      { topic: "b", partition: 1, committedOffset: 8, highWatermark: 10, lag: 2 },
    ]);
  });

  test("no commit yet: lag counts from the log start", () => {
    expect(lagOf(100, -1, 40)).toBe(60);
    expect(lagOf(100, 100, 40)).toBe(0);
    expect(lagOf(5, 9, 0)).toBe(0);
  });

  test("list returns copies", () => {
    const t = new PartitionTable();
    t.committed("a", 0, 1, 1);
    const [row] = t.list();
    if (row) row.lag = 99;
    expect(t.list()[0]?.lag).toBe(0);
  });
});
