/** fast-check arbitraries for field text, key values and sum values (valid and not). */
import fc from "fast-check";

/** Characters that stress parsers: delimiters, quotes, escapes, whitespace, multi-byte UTF-8. */
const TRICKY = [",", '"', "\n", "\r", "\r\n", " ", "\t", "\\", "/", "{", "}", "[", "]", ":", "a", "b", "é", "€", "😀", "\u2028", "\u0000", "\u001f"];

export const trickyText = fc.array(fc.oneof(fc.constantFrom(...TRICKY), fc.string({ unit: "grapheme", maxLength: 3 })), { maxLength: 6 }).map((a) => a.join(""));

/** Key values from a small pool (so groups collide) plus occasional tricky text. */
export const keyText = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("A", "B", "C", "android", "ios", "RU", "EN", "Ω", "a,b", 'q"q', "x\ny", "") },
  { weight: 1, arbitrary: trickyText },
);

const I64_MAX = 2n ** 63n - 1n;

/** Decimal text at up to `scale + 1` fraction digits, including values near the i64 limits. */
export function decimalText(scale: number): fc.Arbitrary<string> {
  const digits = (n: bigint, frac: number) => {
    const neg = n < 0n;
    const s = (neg ? -n : n).toString().padStart(frac + 1, "0");
    const text = frac > 0 ? `${s.slice(0, s.length - frac)}.${s.slice(s.length - frac)}` : s;
    return (neg ? "-" : "") + text;
  };
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(fc.bigInt({ min: -100000n, max: 100000n }), fc.integer({ min: 0, max: scale })).map(([n, f]) => digits(n, f)) },
    { weight: 1, arbitrary: fc.tuple(fc.bigInt({ min: I64_MAX - 50n, max: I64_MAX + 50n }), fc.boolean(), fc.integer({ min: 0, max: scale })).map(([n, neg, f]) => digits(neg ? -n : n, f)) },
    { weight: 1, arbitrary: fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 25n }), fc.integer({ min: 0, max: scale + 1 })).map(([n, f]) => digits(n, f)) },
    { weight: 1, arbitrary: fc.constantFrom("+1", "-0", "007.10", "1.", ".5", "1e3", "", " 1", "1 ", "1,5", "--1", "0x10", "١") },
  );
}
