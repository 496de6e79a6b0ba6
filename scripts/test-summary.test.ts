import { describe, expect, test } from "bun:test";
import { parseBunTestCounts } from "./test-summary.ts";

describe("parseBunTestCounts", () => {
  test("reads pass and fail lines", () => {
    expect(parseBunTestCounts(" 12 pass\n 1 fail\n 40 expect() calls\nRan 13 tests across 3 files.")).toEqual({ passed: 12, failed: 1 });
  });
  test("load errors count as failures", () => {
    expect(parseBunTestCounts(" 3 pass\n 0 fail\n 1 error\nRan 3 tests across 2 files.")).toEqual({ passed: 3, failed: 1 });
  });
  test("a crash with no counts is a failure, never green", () => {
    expect(parseBunTestCounts("Segmentation fault")).toEqual({ passed: 0, failed: 1 });
  });
});
