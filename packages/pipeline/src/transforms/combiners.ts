import type { CombineFn } from "../model/combine-fn.ts";

/**
 * The standard combiners. Money and durations are bigint minor units, so sums are exact at any size;
 * there is deliberately no float sum.
 */

/** Exact sum of bigint minor units. */
export const sum: CombineFn<bigint, bigint, bigint> = {
  createAccumulator: () => 0n,
  addInput: (acc, input) => acc + input,
  mergeAccumulators: (accs) => {
    let total = 0n;
    for (const a of accs) total += a;
    return total;
  },
  extractOutput: (acc) => acc,
};

/** Number of inputs, whatever they are. */
export const count: CombineFn<unknown, number, number> = {
  createAccumulator: () => 0,
  addInput: (acc) => acc + 1,
  mergeAccumulators: (accs) => {
    let total = 0;
    for (const a of accs) total += a;
    return total;
  },
  extractOutput: (acc) => acc,
};

/** Accumulator of `mean`: exact sum and count, so partial means merge without error. */
export interface MeanAccumulator {
  sum: bigint;
  count: number;
}

/**
 * Mean in the inputs' own minor units, rounded half away from zero; `null` for no input.
 * (Rounding happens only in extractOutput, so merged partials give the same answer as one pass.)
 */
export const mean: CombineFn<bigint, MeanAccumulator, bigint | null> = {
  createAccumulator: () => ({ sum: 0n, count: 0 }),
  addInput: (acc, input) => ({ sum: acc.sum + input, count: acc.count + 1 }),
  mergeAccumulators: (accs) => {
    const total = { sum: 0n, count: 0 };
    for (const a of accs) {
      total.sum += a.sum;
      total.count += a.count;
    }
    return total;
  },
  extractOutput: ({ sum: s, count: n }) => {
    if (n === 0) return null;
    const d = BigInt(n);
    const abs = s < 0n ? -s : s;
    const q = (2n * abs + d) / (2n * d);
    return s < 0n ? -q : q;
  },
};

function extreme(pick: (a: bigint, b: bigint) => bigint): CombineFn<bigint, bigint | null, bigint | null> {
  return {
    createAccumulator: () => null,
    addInput: (acc, input) => (acc === null ? input : pick(acc, input)),
    mergeAccumulators: (accs) => {
      let out: bigint | null = null;
      for (const a of accs) if (a !== null) out = out === null ? a : pick(out, a);
      return out;
    },
    extractOutput: (acc) => acc,
  };
}

/** Smallest input; `null` for no input. */
export const min = extreme((a, b) => (b < a ? b : a));

/** Largest input; `null` for no input. */
export const max = extreme((a, b) => (b > a ? b : a));
