/**
 * kafkajs' DefaultPartitioner (the Java client's: murmur2 of the key's UTF-8 bytes, made positive,
 * modulo the partition count), with the hash in 32-bit integer math. kafkajs computes murmur2
 * with its 64-bit Long emulation and filters the partition list for every message, which took
 * about a fifth of the CPU when producing a million keyed records; this gives the same partition
 * for every key (checked against kafkajs in key-partitioner.test.ts), so a user's logins land
 * where POST /produce or any Java client would put them.
 */

/** What kafkajs hands a partitioner (the part we use). */
export interface PartitionerArgs {
  partitionMetadata: readonly { partitionId: number; leader: number }[];
  message: { key?: Buffer | string | null; partition?: number };
}

/** A kafkajs `createPartitioner`: keyed messages by murmur2, unkeyed ones round-robin. */
export function keyPartitioner(): (args: PartitionerArgs) => number {
  let counter = 0;
  return ({ partitionMetadata, message }) => {
    if (message.partition !== null && message.partition !== undefined) return message.partition;
    if (message.key !== null && message.key !== undefined) return (murmur2(message.key) & 0x7fffffff) % partitionMetadata.length;
    // No key: round-robin over the partitions, like kafkajs (which starts at a random one).
    return partitionMetadata[counter++ % partitionMetadata.length]!.partitionId;
  };
}

const M = 0x5bd1e995;

/** The Java client's murmur2 (org.apache.kafka.common.utils.Utils.murmur2) as a signed 32-bit int. */
export function murmur2(key: Buffer | string): number {
  // ASCII strings (ids, UUIDs) are hashed straight from their char codes: one byte each, no copy.
  if (typeof key === "string") return isAscii(key) ? hash(key.length, (i) => key.charCodeAt(i)) : murmur2(Buffer.from(key, "utf8"));
  return hash(key.length, (i) => key[i]!);
}

function hash(length: number, byte: (i: number) => number): number {
  let h = 0x9747b28c ^ length;
  const length4 = length >>> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k = byte(i4) | (byte(i4 + 1) << 8) | (byte(i4 + 2) << 16) | (byte(i4 + 3) << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  // The Java switch falls through from 3 to 2 to 1; the same as ifs, without a fallthrough.
  const tail = length & ~3;
  const rest = length & 3;
  if (rest === 3) h ^= byte(tail + 2) << 16;
  if (rest >= 2) h ^= byte(tail + 1) << 8;
  if (rest >= 1) {
    h ^= byte(tail);
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}
