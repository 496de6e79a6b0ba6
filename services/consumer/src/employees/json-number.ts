/**
 * Minor units at scale 2 as JSON number text the way the original (Python/Flask) wrote its floats:
 * at least one fraction digit, trailing zeros dropped — 600000 → "6000.0", 6890061 → "68900.61",
 * 760 → "7.6". Built from integers, never through a double, so any size stays exact.
 */
export function unitsToJsonNumber(units: bigint | number): string {
  if (typeof units === "number" && Number.isSafeInteger(units) && units >= 0) {
    const int = Math.floor(units / 100);
    const frac = units - int * 100;
    return `${int}.${frac === 0 ? "0" : frac % 10 === 0 ? frac / 10 : frac < 10 ? "0" + frac : frac}`;
  }
  const big = BigInt(units);
  const neg = big < 0n;
  const abs = neg ? -big : big;
  const frac = Number(abs % 100n);
  return `${neg ? "-" : ""}${abs / 100n}.${frac === 0 ? "0" : frac % 10 === 0 ? frac / 10 : frac < 10 ? "0" + frac : frac}`;
}
