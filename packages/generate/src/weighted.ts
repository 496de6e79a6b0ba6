import type { Rng } from "./random.ts";

/**
 * A picker over `[value, weight]` pairs (positive integer weights): `pick(rng)` returns each value
 * with probability weight / total, using one draw. Integer weights keep the cut points exact.
 */
export function weighted<T>(table: readonly (readonly [T, number])[]): (rng: Rng) => T {
  if (table.length === 0) throw new RangeError("weighted: empty table");
  const values = table.map(([v]) => v);
  const cumulative: number[] = [];
  let total = 0;
  for (const [, w] of table) {
    if (!Number.isInteger(w) || w <= 0) throw new RangeError(`weighted: weights must be positive integers, got ${w}`);
    cumulative.push((total += w));
  }
  return (rng) => {
    const x = rng.below(total);
    // Tables are short (≤ ~50 entries); a linear scan beats a binary search at this size.
    let i = 0;
    while (cumulative[i]! <= x) i++;
    return values[i]!;
  };
}
