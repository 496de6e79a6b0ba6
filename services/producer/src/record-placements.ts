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
  const next = new Map<number, number | bigint>();
  for (const ack of acks) {
    const base = ack.baseOffset;
    if (base === undefined || !/^\d+$/.test(base)) throw new Error(`broker acknowledged partition ${ack.partition} without an offset`);
    // Plain numbers while the offsets of this request stay below 2^53 (always, in practice); BigInt past that.
    next.set(ack.partition, base.length < 15 ? Number(base) : BigInt(base));
  }
  const out = new Array<Placement>(partitions.length);
  for (let i = 0; i < partitions.length; i++) {
    const partition = partitions[i]!;
    const offset = next.get(partition);
    if (offset === undefined) throw new Error(`broker did not acknowledge partition ${partition}`);
    next.set(partition, typeof offset === "number" ? offset + 1 : offset + 1n);
    out[i] = { partition, offset: String(offset) };
  }
  return out;
}
