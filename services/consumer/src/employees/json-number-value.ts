/** Exact powers of ten as doubles (every one up to 10^22 is). */
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * The double JSON.parse gives for the valid JSON number in bytes[from, to) (json-skip.ts's
 * `numberEnd` checked it), which is `text` from character `at` on.
 *
 * Without an exponent and with at most 15 digits the digits form an integer below 2^53, held exactly,
 * and one IEEE division by an exact power of ten is the correctly rounded quotient: the nearest double
 * to the decimal, which is what JSON.parse (any correct reader) gives. Anything else is handed to the
 * engine's own reader. `-0` stays negative zero, as in JSON.parse.
 */
export function numberValue(bytes: Uint8Array, from: number, to: number, text: string, at: number): number {
  let i = from;
  const negative = bytes[i] === 45;
  if (negative) i++;
  let mantissa = 0;
  let c = bytes[i]!;
  for (; c >= 48 && c <= 57; c = bytes[++i]!) mantissa = mantissa * 10 + (c - 48);
  let point = 0;
  if (c === 46) {
    point = ++i;
    for (c = bytes[i]!; c >= 48 && c <= 57; c = bytes[++i]!) mantissa = mantissa * 10 + (c - 48);
  }
  const digits = to - from - (negative ? 1 : 0) - (point > 0 ? 1 : 0);
  // i short of `to`: an exponent follows.
  if (i !== to || digits > 15) return engineNumber(text, at, to - from);
  const value = point === 0 ? mantissa : mantissa / POW10[to - point]!;
  return negative ? -value : value;
}

function engineNumber(text: string, at: number, length: number): number {
  return Number(text.slice(at, at + length));
}
