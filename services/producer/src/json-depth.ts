/**
 * True when `text` nests arrays/objects deeper than `maxDepth`. A linear scan of the raw text, run
 * before JSON.parse: a 200 kB body of 100,000 nested arrays parses in ~13 ms and then overflows
 * JSON.stringify's stack after ~0.8 s of a blocked event loop, so it must never get that far.
 * String contents are skipped with indexOf (native, fast) since they are most of a normal body.
 */
export function nestsDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      i = closingQuote(text, i);
      if (i < 0) return false; // unterminated: JSON.parse refuses it
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return false;
}

/** Index of the quote closing the string opened at `open`, or -1. A quote after an odd run of backslashes is escaped. */
function closingQuote(text: string, open: number): number {
  for (let q = text.indexOf('"', open + 1); q >= 0; q = text.indexOf('"', q + 1)) {
    let slashes = 0;
    while (text.charCodeAt(q - 1 - slashes) === 0x5c /* \ */) slashes++;
    if (slashes % 2 === 0) return q;
  }
  return -1;
}
