/**
 * Exact decimals read back from Cassandra: a `decimal` column arrives as the driver's BigDecimal,
 * whose toString() is a plain decimal like "66.00" or "-0.005". We turn it into bigint minor units,
 * never through a float.
 */

/** An exact decimal: `units / 10^scale`. */
export interface Exact {
  units: bigint;
  scale: number;
}

const PLAIN_DECIMAL = /^(-?)(\d+)(?:\.(\d*))?$/;

/** Parses a plain decimal string ("66.00", "0.005", "-12") exactly; throws on anything else. */
export function parseExact(text: string): Exact {
  const m = PLAIN_DECIMAL.exec(text.trim());
  if (!m) throw new TypeError(`not a plain decimal: ${JSON.stringify(text)}`);
  const frac = m[3] ?? "";
  const units = BigInt(m[2]! + frac);
  return { units: m[1] === "-" ? -units : units, scale: frac.length };
}

/** Minor units at `scale` for a value of smaller or equal scale (exact: only ever adds zeros). */
export function unitsAt(value: Exact, scale: number): bigint {
  if (value.scale > scale) throw new RangeError(`decimal with ${value.scale} fraction digits does not fit scale ${scale}`);
  return value.units * 10n ** BigInt(scale - value.scale);
}

/** Sums exact decimals of possibly different scales into units at the largest scale seen (at least `minScale`). */
export function sumExact(values: Iterable<Exact>, minScale = 0): Exact {
  const list = [...values];
  const scale = list.reduce((s, v) => Math.max(s, v.scale), minScale);
  let units = 0n;
  for (const v of list) units += unitsAt(v, scale);
  return { units, scale };
}

/** Reads a Cassandra decimal (BigDecimal, or anything whose toString is a plain decimal) exactly. */
export function fromCassandraDecimal(value: unknown): Exact {
  if (value === null || value === undefined) return { units: 0n, scale: 0 };
  return parseExact(String(value));
}
