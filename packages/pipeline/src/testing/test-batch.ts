import type { Batch, KafkaMessage } from "kafkajs";

/**
 * TEST SUPPORT: a kafkajs `Batch` of `values` (null: a tombstone) at offsets `firstOffset`, … —
 * what the consume loop hands a job, without a broker.
 */
export function testBatch(topic: string, partition: number, values: readonly (string | Uint8Array | null)[], firstOffset = 0): Batch {
  const messages = values.map(
    (v, i) =>
      ({
        offset: String(firstOffset + i),
        value: v === null ? null : Buffer.from(v),
        key: null,
        timestamp: "0",
        attributes: 0,
        headers: {},
      }) as KafkaMessage,
  );
  return {
    topic,
    partition,
    highWatermark: String(firstOffset + values.length),
    messages,
    isEmpty: () => messages.length === 0,
    firstOffset: () => messages[0]?.offset ?? null,
    lastOffset: () => messages[messages.length - 1]?.offset ?? String(firstOffset - 1),
    offsetLag: () => "0",
    offsetLagLow: () => "0",
  };
}
