import { describe, expect, test } from "bun:test";
import { nestsDeeperThan } from "./json-depth.ts";

describe("nestsDeeperThan", () => {
  test("counts arrays and objects, not brackets inside strings", () => {
    expect(nestsDeeperThan('{"a":[1,{"b":[]}]}', 4)).toBe(false);
    expect(nestsDeeperThan('{"a":[1,{"b":[]}]}', 3)).toBe(true);
    expect(nestsDeeperThan('{"a":"[[[[[[{{{{"}', 1)).toBe(false);
    expect(nestsDeeperThan('{"a":"\\"[[[["}', 1)).toBe(false);
    expect(nestsDeeperThan('"plain"', 0)).toBe(false);
  });

  test("siblings do not add up: depth goes back down", () => {
    expect(nestsDeeperThan("[" + "[],".repeat(10_000) + "[]]", 2)).toBe(false);
  });

  test("the hostile body from issue 12 (100,000 nested arrays, 200 kB) is caught in well under a millisecond per kB", () => {
    const hostile = `{"topic":"api-logs","message":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    const t0 = performance.now();
    expect(nestsDeeperThan(hostile, 64)).toBe(true);
    expect(performance.now() - t0).toBeLessThan(50);
    // Even scanned to the end (all brackets inside one string), 200 kB stays cheap.
    const t1 = performance.now();
    expect(nestsDeeperThan(JSON.stringify({ s: "[".repeat(200_000) }), 64)).toBe(false);
    expect(performance.now() - t1).toBeLessThan(50);
  });
});

describe("nestsDeeperThan, escapes", () => {
  test("escaped quotes and escaped backslashes before a quote are told apart", () => {
    // "a\\" ends the string at its third quote; the brackets after it count.
    expect(nestsDeeperThan('{"a\\\\":[[[]]]}', 3)).toBe(true);
    // "a\"[[[" is one string: its brackets do not count.
    expect(nestsDeeperThan('{"a\\"[[[":1}', 1)).toBe(false);
    expect(nestsDeeperThan('{"a":"unterminated [[[[', 1)).toBe(false);
  });

  test("agrees with JSON.parse's structure on generated bodies", () => {
    const depthOf = (v: unknown): number =>
      typeof v === "object" && v !== null ? 1 + Math.max(0, ...Object.values(v).map(depthOf)) : 0;
    const samples = [
      { a: ['x"[', { b: ["\\", [1, "}]"]] }] },
      [[["\\\\\"{"]], {}],
      { s: "plain", n: [1, 2, { d: { e: [] } }] },
    ];
    for (const v of samples) {
      const text = JSON.stringify(v);
      const d = depthOf(v);
      expect(nestsDeeperThan(text, d)).toBe(false);
      expect(nestsDeeperThan(text, d - 1)).toBe(true);
    }
  });
});
