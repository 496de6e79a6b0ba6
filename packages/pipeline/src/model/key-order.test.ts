import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { compareKeys, compareUtf8, sortedOrder } from "./key-order.ts";

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

/** The keys in `sortedOrder`. */
const sorted = (keys: string[][]) => sortedOrder(keys).map((i) => keys[i]!);

describe("sortedOrder", () => {
  // Few distinct code units, NULs and surrogates among them, so prefixes, escapes and ties are common.
  const unit = fc.constantFrom("a", "b", "\0", "\u0001", "\uFF5E", "\uE000", "\u{1F600}", "é");
  const element = fc.array(unit, { maxLength: 4 }).map((u) => u.join(""));
  const key = fc.array(element, { minLength: 1, maxLength: 3 });

  test("gives compareKeys order for distinct keys, surrogates, NULs, mixed arity and duplicates", () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 40 }), fc.boolean(), (keys, distinct) => {
        const items = distinct ? [...new Map(keys.map((k) => [JSON.stringify(k), k])).values()] : keys;
        const got = sorted(items);
        const want = [...items].sort(compareKeys);
        expect(got).toEqual(want);
        expect(got).toHaveLength(items.length);
      }),
      { numRuns: 2000 },
    );
  });

  test("prefixes, empty elements and NULs: shorter first, element by element", () => {
    const items = [["b"], ["a\0"], ["a"], ["\uFFFF"], ["a", ""], ["a", "\0"]];
    expect(sorted(items)).toEqual([["a"], ["a", ""], ["a", "\0"], ["a\0"], ["b"], ["\uFFFF"]]);
  });
});
