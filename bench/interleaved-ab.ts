/** Median and interleaved A/B timing shared by the bench scripts. */

/** Median of `xs` (the mean of the two middle values for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/**
 * Times `a` and `b` (each returns its own milliseconds) alternately for `rounds` rounds, flipping
 * which goes first every round so neither always runs on a cache the other warmed. Returns both
 * series and the per-round ratios a/b (> 1: b faster), whose median is steadier than a ratio of medians.
 */
export function interleaved(rounds: number, a: () => number, b: () => number): { a: number[]; b: number[]; ratios: number[] } {
  const out = { a: [] as number[], b: [] as number[], ratios: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    let ta: number, tb: number;
    if (r % 2 === 0) {
      ta = a();
      tb = b();
    } else {
      tb = b();
      ta = a();
    }
    out.a.push(ta);
    out.b.push(tb);
    out.ratios.push(ta / tb);
  }
  return out;
}
