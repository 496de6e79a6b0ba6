/**
 * The byte-level twin of parse-employees.ts's MAYBE_LONG_NUMBER (`/[0-9.eE+-]{16}/`): whether a
 * stretch of a body holds 16 consecutive characters that can occur in a JSON number. The projecting
 * reader asks it of every number and string it passes (in valid JSON no other token has such
 * characters next to each other, and none of the characters between tokens is one), so it knows
 * whether the regex would match the body without running it over every character.
 */

/** 1 for `0-9 . e E + -`. */
const NUMBER_CHAR = new Uint8Array(256);
for (const c of "0123456789.eE+-") NUMBER_CHAR[c.charCodeAt(0)] = 1;

/** Shortest run the regex matches. */
export const LONG_RUN = 16;

/** Whether bytes[from, to) holds `LONG_RUN` consecutive number characters. */
export function hasLongNumberRun(bytes: Uint8Array, from: number, to: number): boolean {
  // Every run of 16 or more covers one of the positions from + 15, from + 31, …: look only there,
  // and measure the run around a hit.
  for (let p = from + LONG_RUN - 1; p < to; p += LONG_RUN) {
    if (NUMBER_CHAR[bytes[p]!] === 0) continue;
    let start = p;
    while (start > from && NUMBER_CHAR[bytes[start - 1]!] === 1) start--;
    let end = p + 1;
    while (end < to && NUMBER_CHAR[bytes[end]!] === 1) end++;
    if (end - start >= LONG_RUN) return true;
  }
  return false;
}
