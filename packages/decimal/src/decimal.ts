/**
 * @tally/decimal: the one exact-decimal value of Tally. Money, rates, durations with fractions and
 * averages are `{ units, scale }` = units / 10^scale, with bigint units: exact at any size, never a
 * binary float. Rounding happens only where a rule says so, half away from zero ("half-up" in money
 * rules), and only when digits are dropped.
 */

/** An exact decimal: `units / 10^scale` (scale ≥ 0). */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

/** Most fraction digits we accept anywhere (rates with many digits still fit). */
export const MAX_DECIMAL_SCALE = 30;

const PLAIN = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/** A decimal from minor units at `scale`, e.g. `decimal(6600n, 2)` is 66.00. */
export function decimal(units: bigint, scale: number): Decimal {
  if (!Number.isInteger(scale) || scale < 0 || scale > MAX_DECIMAL_SCALE) throw new RangeError(`decimal scale must be 0..${MAX_DECIMAL_SCALE}, got ${scale}`);
  return { units, scale };
}

export interface ParseOptions {
  /** Most fraction digits allowed (default MAX_DECIMAL_SCALE); more is a refusal, never a rounding. */
  maxScale?: number;
  /** Accept a leading sign (default true). */
  signed?: boolean;
}

/**
 * Parses plain decimal text `[+-]?digits(.digits)?` ("66.00", "0.005", "-12") exactly, keeping its
 * own scale. Returns null for anything else: exponents, spaces, empty fractions, too many digits.
 */
export function parseDecimal(text: string, options: ParseOptions = {}): Decimal | null {
  const m = PLAIN.exec(text);
  if (!m) return null;
  if (m[1] !== "" && options.signed === false) return null;
  const frac = m[3] ?? "";
  if (frac.length > (options.maxScale ?? MAX_DECIMAL_SCALE)) return null;
  const units = BigInt(m[2]! + frac);
  return { units: m[1] === "-" ? -units : units, scale: frac.length };
}

/** Parses like `parseDecimal` and brings the value to exactly `scale` (null if it has more digits). */
export function parseAtScale(text: string, scale: number): bigint | null {
  const d = parseDecimal(text, { maxScale: scale });
  return d === null ? null : unitsAt(d, scale);
}

/**
 * The source text of a JSON number (`0.005`, `5e-3`, `1E2`) as an exact decimal, by moving the
 * decimal point in its digits; never through a float (0.005 as a double is 0.005000000000000000104…).
 * Null when it is not a JSON number or needs more than `maxScale` fraction digits.
 */
export function parseJsonNumber(text: string, maxScale = MAX_DECIMAL_SCALE): Decimal | null {
  const m = /^(-?)(0|[1-9]\d*)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return null;
  const frac = m[3] ?? "";
  const exponent = Number(m[4] ?? "0");
  let scale = frac.length - exponent;
  let units = BigInt(m[2]! + frac);
  if (scale < 0) {
    if (-scale > MAX_DECIMAL_SCALE) return null;
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  if (scale > maxScale) {
    // Trailing zeros carry no value: 1.50 at maxScale 1 is 1.5.
    const drop = 10n ** BigInt(scale - maxScale);
    if (units % drop !== 0n) return null;
    units /= drop;
    scale = maxScale;
  }
  return { units: m[1] === "-" ? -units : units, scale };
}

/** The text of `d` with exactly `d.scale` fraction digits: `formatDecimal({units: -5n, scale: 3})` is "-0.005". */
export function formatDecimal(d: Decimal): string {
  return formatUnits(d.units, d.scale);
}

/** Minor units at `scale` as text with exactly `scale` fraction digits (`formatUnits(6600n, 2)` is "66.00"). */
export function formatUnits(units: bigint, scale: number): string {
  const neg = units < 0n;
  const digits = (neg ? -units : units).toString().padStart(scale + 1, "0");
  const int = digits.slice(0, digits.length - scale);
  return (neg ? "-" : "") + int + (scale > 0 ? "." + digits.slice(digits.length - scale) : "");
}

/** `d`'s units at a scale ≥ its own (exact: only adds zeros); throws when digits would be lost. */
export function unitsAt(d: Decimal, scale: number): bigint {
  if (d.scale > scale) throw new RangeError(`decimal with ${d.scale} fraction digits does not fit scale ${scale}`);
  return d.units * 10n ** BigInt(scale - d.scale);
}

/** `d` at `scale` fraction digits, rounding half away from zero when digits are dropped. */
export function rescaleHalfUp(d: Decimal, scale: number): Decimal {
  if (scale >= d.scale) return { units: unitsAt(d, scale), scale };
  const div = 10n ** BigInt(d.scale - scale);
  const neg = d.units < 0n;
  const abs = neg ? -d.units : d.units;
  const q = (abs + div / 2n) / div;
  return { units: neg ? -q : q, scale };
}

/** Exact sum at the largest scale among the values (at least `minScale`). */
export function sumDecimals(values: Iterable<Decimal>, minScale = 0): Decimal {
  const list = [...values];
  const scale = list.reduce((s, v) => Math.max(s, v.scale), minScale);
  let units = 0n;
  for (const v of list) units += unitsAt(v, scale);
  return { units, scale };
}

/** Exact product: units multiply, scales add (0.005 × 1568 = 7.840). */
export function multiply(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/**
 * `d / n` rounded half-up to `scale` digits (an average: Σ salary / count), exact: the division
 * is done on integers scaled so that only the final rounding loses anything.
 */
export function divideHalfUp(d: Decimal, n: bigint, scale: number): Decimal {
  if (n <= 0n) throw new RangeError(`divisor must be positive, got ${n}`);
  const widened = unitsAt(d, Math.max(d.scale, scale));
  const from = Math.max(d.scale, scale);
  // (units / 10^from) / n at `scale`: units × 10^scale / (n × 10^from), rounded half away from zero.
  const num = widened * 10n ** BigInt(scale);
  const den = n * 10n ** BigInt(from);
  const neg = num < 0n;
  const abs = neg ? -num : num;
  const q = (2n * abs + den) / (2n * den);
  return { units: neg ? -q : q, scale };
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b` (any scales). */
export function compareDecimals(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  const x = unitsAt(a, scale);
  const y = unitsAt(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A Cassandra/driver decimal (anything whose toString is plain decimal text) read back exactly; null/undefined is 0. */
export function decimalFromText(value: unknown): Decimal {
  if (value === null || value === undefined) return { units: 0n, scale: 0 };
  const d = parseDecimal(String(value).trim());
  if (d === null) throw new TypeError(`not a plain decimal: ${JSON.stringify(String(value))}`);
  return d;
}
