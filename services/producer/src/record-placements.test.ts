import { describe, expect, test } from "bun:test";
import { recordPlacements } from "./record-placements.ts";

describe("recordPlacements", () => {
  test("offsets count up from each partition's base offset in request order", () => {
    const acks = [
      { partition: 2, baseOffset: "10" },
      { partition: 0, baseOffset: "7" },
    ];
    expect(recordPlacements([0, 2, 0, 2, 2], acks)).toEqual([
      { partition: 0, offset: "7" },
      { partition: 2, offset: "10" },
      { partition: 0, offset: "8" },
      { partition: 2, offset: "11" },
      { partition: 2, offset: "12" },
    ]);
  });

  test("int64 offsets beyond 2^53 stay exact", () => {
    expect(recordPlacements([1, 1], [{ partition: 1, baseOffset: "9007199254740993" }])).toEqual([
      { partition: 1, offset: "9007199254740993" },
      { partition: 1, offset: "9007199254740994" },
    ]);
  });

  test("the switch from numbers to BigInt keeps counting exactly", () => {
    expect(recordPlacements([0, 0], [{ partition: 0, baseOffset: "99999999999999" }]).map((p) => p.offset)).toEqual([
      "99999999999999",
      "100000000000000",
    ]);
    expect(recordPlacements([0, 0], [{ partition: 0, baseOffset: "999999999999999" }]).map((p) => p.offset)).toEqual([
      "999999999999999",
      "1000000000000000",
    ]);
  });

  test("a partition the broker did not acknowledge, or an ack without an offset, is an error, never a guess", () => {
    expect(() => recordPlacements([0, 1], [{ partition: 0, baseOffset: "1" }])).toThrow("did not acknowledge partition 1");
    expect(() => recordPlacements([0], [{ partition: 0 }])).toThrow("without an offset");
    expect(() => recordPlacements([0], [{ partition: 0, baseOffset: "-1" }])).toThrow("without an offset");
  });
});
