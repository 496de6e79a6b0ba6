/**
 * A small seeded PRNG: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state,
 * period at least 2^32 thanks to its counter, 2^127 on average) seeded through splitmix32.
 * Only 32-bit integer arithmetic (`| 0`, `>>>`, `Math.imul`), so every JS runtime produces the
 * same sequence for the same seed; nothing here touches Math.random. mulberry32 (used by the bench
 * data) has a period of only 2^32, which 100 M records × ~12 draws would nearly exhaust.
 */

/** A deterministic stream of random numbers. */
export interface Rng {
  /** The next unsigned 32-bit integer. */
  uint32(): number;
  /** A float in [0, 1) with 32 bits of randomness. */
  float(): number;
  /** An integer in [0, n) for 1 ≤ n ≤ 2^32. */
  below(n: number): number;
  /** true with probability p. */
  chance(p: number): boolean;
}

const TWO_32 = 4294967296;

/**
 * A generator for `seed`, any safe integer (negative too). Both 32-bit halves feed the state,
 * so seeds 1 and 2^32 + 1 differ.
 */
export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  const lo = seed >>> 0;
  const hi = Math.floor(seed / TWO_32) >>> 0;
  const mix = splitmix32(lo ^ Math.imul(hi, 0x9e3779b9));
  let a = mix();
  let b = mix() ^ hi;
  let c = mix();
  let d = 1;
  const uint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // The first outputs of a freshly seeded sfc32 are still correlated with the seed; skip them.
  for (let i = 0; i < 12; i++) uint32();
  return {
    uint32,
    float: () => uint32() / TWO_32,
    below: (n) => Math.floor((uint32() / TWO_32) * n),
    chance: (p) => uint32() / TWO_32 < p,
  };
}

/** splitmix32: spreads a 32-bit seed over well-mixed words (used only to seed sfc32). */
function splitmix32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

