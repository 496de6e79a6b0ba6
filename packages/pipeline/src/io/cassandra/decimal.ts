import type { Decimal } from "@tally/decimal";
import cassandra from "cassandra-driver";

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * An exact decimal as a Cassandra `decimal`: its units and scale as they are (never a float).
 * Units within ±2^53 go in as a Number, which is exact there; larger ones through their digits.
 * Built directly rather than from the decimal's text: parsing "111.30" back cost a ledger write ~1 µs.
 */
export function toCassandraDecimal(value: Decimal): cassandra.types.BigDecimal {
  const units = value.units;
  if (units <= SAFE && units >= -SAFE) return new cassandra.types.BigDecimal(Number(units), value.scale);
  // The driver's typings say number; its constructor takes an Integer as well (lib/types/big-decimal.js).
  const unscaled = cassandra.types.Integer.fromString(units.toString()) as unknown as number;
  return new cassandra.types.BigDecimal(unscaled, value.scale);
}

/** A Cassandra `bigint` (Long) from a bigint, exactly. */
export function toCassandraLong(value: bigint | number): cassandra.types.Long {
  return cassandra.types.Long.fromString(value.toString());
}
