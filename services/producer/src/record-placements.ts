import type { Placement } from "./publisher.ts";

/** What the broker acknowledged for one partition of a produce request (kafkajs RecordMetadata, trimmed). */
export interface PartitionAck {
  partition: number;
  baseOffset?: string;
}

/**
 * Each message's offset from one produce request's acknowledgement: the broker appends a partition's
 * messages in request order from its baseOffset, and kafkajs keeps the caller's order within a
 * partition, so message i of partition p sits at baseOffset(p) + (number of earlier messages for p).
 * `partitions[i]` is the partition message i was sent to.
 */
export function recordPlacements(partitions: readonly number[], acks: readonly PartitionAck[]): Placement[] {
  const next = new Map<number, bigint>();
  for (const ack of acks) {
    if (ack.baseOffset === undefined || !/^\d+$/.test(ack.baseOffset)) {
      throw new Error(`broker acknowledged partition ${ack.partition} without an offset`);
    }
    next.set(ack.partition, BigInt(ack.baseOffset));
  }
  return partitions.map((partition) => {
    const offset = next.get(partition);
    if (offset === undefined) throw new Error(`broker did not acknowledge partition ${partition}`);
    next.set(partition, offset + 1n);
    return { partition, offset: offset.toString() };
  });
}
