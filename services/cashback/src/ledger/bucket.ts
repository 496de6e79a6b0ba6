/**
 * How many partitions the ledger's rows are spread over. The job claims the payments of one
 * bucket in one conditional batch (one Paxos round): more buckets mean smaller partitions but
 * fewer rows per round. At ~250 bytes a row, a bucket reaches Cassandra's comfortable 100 MB
 * partition size at about 400k rows, i.e. ~25M paid transactions in all. Changing it re-keys every row.
 */
export const LEDGER_BUCKETS = 64;

const encoder = new TextEncoder();

/** The ledger partition of a transaction id: 32-bit FNV-1a of its UTF-8 bytes, mod LEDGER_BUCKETS. */
export function ledgerBucket(transactionId: string): number {
  let hash = 0x811c9dc5;
  for (const byte of encoder.encode(transactionId)) hash = Math.imul(hash ^ byte, 0x01000193);
  return (hash >>> 0) % LEDGER_BUCKETS;
}
