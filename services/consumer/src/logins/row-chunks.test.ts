import { describe, expect, test } from "bun:test";
import { RowChunks, type ValueCount } from "./row-chunks.ts";

const W = 1_694_479_540_000;
/** A value's count as the job holds it: a count that changed in a batch has its next offset past the batch's start. */
const vc = (recordType: string, value: string, count: number, nextOffset: bigint): ValueCount => ({ recordType, value, count, nextOffset });

describe("RowChunks", () => {
  test("the usual window: one row per record type, rewritten only when a value in it was counted since the stored progress", () => {
    const layout = new RowChunks();
    const first = [vc("device_type", "android", 3, 5n), vc("device_type", "iOS", 2, 4n), vc("locale", "NY", 4, 5n), vc("locale", "CA", 1, 2n), vc("total", "", 5, 5n)];
    expect(layout.changedRows(W, first, null)).toEqual([
      { recordType: "device_type", chunk: 0, pairs: [["android", 3], ["iOS", 2]] },
      { recordType: "locale", chunk: 0, pairs: [["NY", 4], ["CA", 1]] },
      { recordType: "total", chunk: 0, pairs: [["", 5]] },
    ]);
    expect(layout.changedRows(W, first, 5n)).toEqual([]);
    const next = first.map((v) => (v.value === "iOS" || v.recordType === "total" ? { ...v, count: v.count + 1, nextOffset: 6n } : v));
    expect(layout.changedRows(W, next, 5n)).toEqual([
      { recordType: "device_type", chunk: 0, pairs: [["android", 3], ["iOS", 3]] },
      { recordType: "total", chunk: 0, pairs: [["", 6]] },
    ]);
  });

  test("more values than a row holds: chunks in first-seen order, a value keeps its chunk, only changed chunks are written whole", () => {
    const layout = new RowChunks(3);
    const values = "abcdefg".split("").map((v) => vc("locale", v, 1, 1n));
    expect(layout.changedRows(W, values, null).map((r) => [r.chunk, r.pairs.map((p) => p[0]).join("")])).toEqual([
      [0, "abc"],
      [1, "def"],
      [2, "g"],
    ]);
    // e is counted again (chunk 1), h is new (fills chunk 2): chunk 0 is not written.
    const later = [...values.map((v) => (v.value === "e" ? { ...v, count: 2, nextOffset: 2n } : v)), vc("locale", "h", 1, 2n)];
    expect(layout.changedRows(W, later, 1n)).toEqual([
      { recordType: "locale", chunk: 1, pairs: [["d", 1], ["e", 2], ["f", 1]] },
      { recordType: "locale", chunk: 2, pairs: [["g", 1], ["h", 1]] },
    ]);
  });

  test("a loaded window keeps the stored chunks: new values fill the last one, then open the next", () => {
    const layout = new RowChunks(2);
    layout.loaded(W, [
      { recordType: "locale", chunk: 1, pairs: [["c", 1]] },
      { recordType: "locale", chunk: 0, pairs: [["a", 1], ["b", 1]] },
    ]);
    const rows = layout.changedRows(W, [vc("locale", "a", 1, 1n), vc("locale", "b", 1, 1n), vc("locale", "c", 1, 1n), vc("locale", "d", 1, 2n), vc("locale", "e", 1, 2n)], 1n);
    expect(rows).toEqual([
      { recordType: "locale", chunk: 1, pairs: [["c", 1], ["d", 1]] },
      { recordType: "locale", chunk: 2, pairs: [["e", 1]] },
    ]);
  });

  test("windows before a start are forgotten; a forgotten window starts afresh", () => {
    const layout = new RowChunks();
    layout.changedRows(W, [vc("total", "", 1, 1n)], null);
    layout.changedRows(W + 20_000, [vc("total", "", 1, 1n)], null);
    layout.dropBefore(W + 20_000);
    expect(layout.changedRows(W + 20_000, [vc("total", "", 1, 1n)], 1n)).toEqual([]);
    expect(layout.changedRows(W, [vc("total", "", 1, 1n)], 1n)).toEqual([{ recordType: "total", chunk: 0, pairs: [["", 1]] }]);
  });
});
