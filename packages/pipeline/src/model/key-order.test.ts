import { describe, expect, test } from "bun:test";
import { compareKeys, compareUtf8 } from "./key-order.ts";

const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

describe("UTF-8 key order", () => {
  test("orders astral characters after high BMP characters, unlike JS string order", () => {
    const bmp = "\uFF5E"; // ～
    const astral = "\u{1F600}"; // 😀
    expect(bmp < astral).toBe(false); // JS: surrogate 0xD83D sorts first
    expect(compareUtf8(bmp, astral)).toBeLessThan(0);
  });

  test("agrees with a byte comparison on mixed strings", () => {
    const words = ["b", "a", "ab", "", "é", "\u{1F600}x", "\uFFFF", "Z", "a\u0000", "\u{10FFFF}", "\uE000"];
    const sorted = [...words].sort(compareUtf8);
    expect(sorted).toEqual([...words].sort(byBytes));
  });

  test("compares composite keys element by element, prefix first", () => {
    expect(compareKeys(["a", "z"], ["b", "a"])).toBeLessThan(0);
    expect(compareKeys(["a"], ["a", "b"])).toBeLessThan(0);
    expect(compareKeys(["a", "b"], ["a", "b"])).toBe(0);
    // "a|b" vs "a" + "|b": element-wise, not joined
    expect(compareKeys(["ab", ""], ["a", "bc"])).toBeGreaterThan(0);
  });
});
