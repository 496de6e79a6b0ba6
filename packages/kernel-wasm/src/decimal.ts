/**
 * Exact decimal helpers at the kernel boundary: money is a bigint of minor units at a fixed scale.
 * No binary floating point anywhere on this path.
 */

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/**
 * Parses `[+-]?digits(.digits)?` into minor units at `scale`.
 * Returns null when the text is not such a decimal or has more fraction digits than `scale`
 * (never silently rounds).
 */
export function parseDecimal(text: string, scale: number): bigint | null {
  const m = DECIMAL.exec(text);
  if (!m) return null;
  const frac = m[3] ?? "";
  if (frac.length > scale) return null;
  const units = BigInt(m[2]! + frac.padEnd(scale, "0"));
  return m[1] === "-" ? -units : units;
}

/** Formats minor units at `scale` as a decimal string with exactly `scale` fraction digits. */
export function formatMinor(units: bigint, scale: number): string {
  const neg = units < 0n;
  const digits = (neg ? -units : units).toString().padStart(scale + 1, "0");
  const int = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale);
  return (neg ? "-" : "") + int + (scale > 0 ? "." + frac : "");
}

/**
 * Rescales minor units from `from` to `to` fraction digits, rounding half away from zero
 * when digits are dropped (the "round half-up" of money rules).
 */
export function rescaleHalfUp(units: bigint, from: number, to: number): bigint {
  if (to >= from) return units * 10n ** BigInt(to - from);
  const div = 10n ** BigInt(from - to);
  const neg = units < 0n;
  const abs = neg ? -units : units;
  const q = (abs + div / 2n) / div;
  return neg ? -q : q;
}
