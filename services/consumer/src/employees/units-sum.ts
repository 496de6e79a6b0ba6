import { decimal, divideHalfUp, type Decimal } from "@tally/decimal";

/**
 * An exact running sum of minor units (each ≤ MAX_MINOR_UNITS). Adds in a double while the total
 * is a safe integer (exact, and far cheaper than bigint on the request path) and carries into a
 * bigint beyond that, so no sum ever loses a cent.
 */
export class UnitsSum {
  private small = 0;
  private big = 0n;

  /** Adds `units` (a safe integer ≥ 0). */
  add(units: number): void {
    const next = this.small + units;
    if (next <= Number.MAX_SAFE_INTEGER) this.small = next;
    else {
      this.big += BigInt(this.small) + BigInt(units);
      this.small = 0;
    }
  }

  /** Adds another sum (merging per-message results). */
  merge(other: UnitsSum): void {
    this.big += other.big;
    this.add(other.small);
  }

  /** Adds an exact total, e.g. one read back from Cassandra. */
  addTotal(units: bigint): void {
    this.big += units;
  }

  /** The total in minor units. */
  total(): bigint {
    return this.big + BigInt(this.small);
  }

  /** The total as a decimal at `scale` (the units' scale, 2 for cents). */
  toDecimal(scale = 2): Decimal {
    return decimal(this.total(), scale);
  }

  /**
   * The average over `count` items in minor units, rounded half-up (all sums are ≥ 0). Integer
   * arithmetic throughout: in doubles while exact, else through @tally/decimal's bigint division.
   */
  averageUnits(count: number): bigint | number {
    if (count <= 0) throw new RangeError(`average over ${count} items`);
    if (this.big === 0n) {
      const q = Math.floor(this.small / count);
      const r = this.small - q * count;
      return 2 * r >= count ? q + 1 : q;
    }
    return divideHalfUp(this.toDecimal(0), BigInt(count), 0).units;
  }
}
