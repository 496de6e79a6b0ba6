import type { Admin } from "kafkajs";
import type { PartitionTable } from "./partition-table.ts";

/**
 * Reads the group's committed offsets and every partition's watermarks from the brokers into
 * `table`. Covers partitions owned by other instances of the group too, so lag is the group's.
 */
export async function refreshGroupLag(admin: Admin, groupId: string, topics: readonly string[], table: PartitionTable): Promise<void> {
  const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
  for (const topic of topics) {
    const ends = await admin.fetchTopicOffsets(topic);
    const group = committed.find((t) => t.topic === topic)?.partitions ?? [];
    for (const e of ends) {
      const c = group.find((g) => g.partition === e.partition)?.offset ?? "-1";
      table.observed(topic, e.partition, Number(e.high), Number(e.low), Number(c));
    }
  }
}
