/**
 * True when `text` nests arrays/objects deeper than `maxDepth`. A linear scan of the raw text (strings
 * skipped), run before JSON.parse: a 200 kB body of 100,000 nested arrays parses in ~13 ms and then
 * overflows JSON.stringify's stack after ~0.8 s of a blocked event loop, so it must never get that far.
 */
export function nestsDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return false;
}
