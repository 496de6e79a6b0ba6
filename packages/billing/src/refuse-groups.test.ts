import { describe, expect, test } from "bun:test";
import type { AggregateResult } from "@tally/kernel-wasm";
import { refusedOf, refuseGroups } from "./refuse-groups.ts";

describe("refuseGroups", () => {
  const result: AggregateResult = {
    groups: [{ key: ["A"], count: 3, sum: 300n }, { key: [""], count: 2, sum: 50n }, { key: ["B"], count: 1, sum: 7n }],
    records: 6,
    rejectedCount: 1,
    rejections: [{ line: 4, reason: "invalid decimal" }],
    bytes: 99,
  };

  test("moves a refused group's rows from records to rejected, keeping the kernel's own rejections", () => {
    const checked = refuseGroups(result, (g) => (g.key[0] === "" ? "company is empty" : null));
    expect(checked.groups.map((g) => g.key[0])).toEqual(["A", "B"]);
    expect([checked.records, checked.rejectedCount, checked.rejections]).toEqual([4, 3, result.rejections]);
    expect(refusedOf(checked)).toEqual([{ key: [""], rows: 2, reason: "company is empty" }]);
    expect(checked.bytes).toBe(99);
  });

  test("nothing refused: the same figures; an unchecked result has no refusals", () => {
    const checked = refuseGroups(result, () => null);
    expect([checked.groups, checked.records, checked.rejectedCount]).toEqual([result.groups, 6, 1]);
    expect(refusedOf(result)).toEqual([]);
  });
});
