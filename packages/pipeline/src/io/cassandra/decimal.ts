import cassandra from "cassandra-driver";
import { formatMinor } from "../../kernel.ts";

/**
 * Minor units at `scale` as a Cassandra `decimal`, through its exact decimal string (never a float):
 * `toCassandraDecimal(6600n, 2)` is 66.00.
 */
export function toCassandraDecimal(units: bigint, scale: number): cassandra.types.BigDecimal {
  return cassandra.types.BigDecimal.fromString(formatMinor(units, scale));
}

/** A Cassandra `bigint` (Long) from a bigint, exactly. */
export function toCassandraLong(value: bigint | number): cassandra.types.Long {
  return cassandra.types.Long.fromString(value.toString());
}
