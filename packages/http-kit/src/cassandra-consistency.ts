/**
 * The consistency levels a service accepts (CASSANDRA_CONSISTENCY), by their CQL names; driver-free, so
 * reading the config loads no driver. LOCAL_QUORUM is the default: on the single-node local stack it is one
 * replica (as LOCAL_ONE, the driver's own default, is), and on a cluster at RF 3 (compose's cluster profile) a
 * write then survives the loss of any one node and a read sees every acknowledged write.
 */
export const CONSISTENCY_NAMES = ["ONE", "TWO", "THREE", "QUORUM", "ALL", "LOCAL_QUORUM", "EACH_QUORUM", "LOCAL_ONE"] as const;

export type ConsistencyName = (typeof CONSISTENCY_NAMES)[number];

export const DEFAULT_CONSISTENCY: ConsistencyName = "LOCAL_QUORUM";

/** The name as accepted, or undefined when it is not one of CONSISTENCY_NAMES (case-insensitive). */
export function consistencyName(value: string): ConsistencyName | undefined {
  const upper = value.trim().toUpperCase();
  return (CONSISTENCY_NAMES as readonly string[]).includes(upper) ? (upper as ConsistencyName) : undefined;
}
