import { formatDecimal, type Decimal } from "@tally/decimal";
import cassandra from "cassandra-driver";

/** An exact decimal as a Cassandra `decimal`, through its decimal text (never a float). */
export function toCassandraDecimal(value: Decimal): cassandra.types.BigDecimal {
  return cassandra.types.BigDecimal.fromString(formatDecimal(value));
}

/** A Cassandra `bigint` (Long) from a bigint, exactly. */
export function toCassandraLong(value: bigint | number): cassandra.types.Long {
  return cassandra.types.Long.fromString(value.toString());
}
