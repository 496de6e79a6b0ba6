/**
 * The record decoder of our kafkajs patch (patches/kafkajs@2.2.4.patch): offsets and timestamps as number
 * arithmetic when safe, records decoded in place. Property test: random record batches written by kafkajs'
 * own (unpatched) encoder decode to exactly what was written, with offsets and timestamps checked in BigInt —
 * including offsets beyond 2^53, negative and 8-byte timestamp deltas, null keys and values, repeated
 * headers, and compressed batches.
 */
import { describe, expect, test } from "bun:test";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { RecordBatch } = require("kafkajs/src/protocol/recordBatch/v0/index.js");
const Record = require("kafkajs/src/protocol/recordBatch/record/v0/index.js");
const Decoder = require("kafkajs/src/protocol/decoder.js");
const decodeBatch = require("kafkajs/src/protocol/recordBatch/v0/decoder.js");
const Long = require("kafkajs/src/utils/long.js");
const { Types } = require("kafkajs/src/protocol/message/compression/index.js");

interface Written {
  offsetDelta: number;
  timestampDelta: bigint;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | Buffer[]>;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function bytes(r: () => number, n: number): Buffer {
  return Buffer.from(Array.from({ length: n }, () => Math.floor(r() * 256)));
}

async function roundTrip(seed: number, compression: number) {
  const r = rng(seed);
  const firstOffset = [0n, 123_456_789n, 2n ** 53n - 5n, 2n ** 62n][seed % 4]!;
  const firstTimestamp = [1_694_479_540_000n, 0n, 2n ** 53n - 10n, -1n][Math.floor(seed / 4) % 4]!;
  const deltas = [0n, 1n, -1n, 2n ** 40n, -(2n ** 47n), 2n ** 48n, 2n ** 55n, -(2n ** 60n)];
  const written: Written[] = [];
  const n = 1 + Math.floor(r() * 40);
  for (let i = 0; i < n; i++) {
    const headers: Record<string, Buffer | Buffer[]> = {};
    if (r() < 0.3) headers["idempotency-key"] = bytes(r, 5);
    if (r() < 0.1) headers.multi = [bytes(r, 2), bytes(r, 3)];
    written.push({
      offsetDelta: i * (1 + Math.floor(r() * 3)),
      timestampDelta: r() < 0.5 ? BigInt(Math.floor(r() * 1e6)) : deltas[Math.floor(r() * deltas.length)]!,
      key: r() < 0.2 ? null : bytes(r, Math.floor(r() * 20)),
      value: r() < 0.05 ? null : bytes(r, Math.floor(r() * 300)),
      headers,
    });
  }
  const records = written.map((w) => Record({ offsetDelta: w.offsetDelta, timestampDelta: Long.fromString(w.timestampDelta.toString()), key: w.key, value: w.value, headers: w.headers }));
  const batch = await RecordBatch({
    compression,
    firstOffset: Long.fromString(firstOffset.toString()),
    firstTimestamp: Long.fromString(firstTimestamp.toString()),
    maxTimestamp: Long.fromString(firstTimestamp.toString()),
    lastOffsetDelta: written.at(-1)!.offsetDelta,
    records,
  });
  const decoded = await decodeBatch(new Decoder(batch.buffer));
  return { written, decoded: decoded.records as { offset: string; timestamp: string; key: Buffer | null; value: Buffer | null; headers: Record<string, unknown> }[], firstOffset, firstTimestamp };
}

describe("kafkajs patch: record decoder", () => {
  for (const [name, compression] of [["uncompressed", Types.None], ["gzip", Types.GZIP]] as const) {
    test(`random ${name} batches decode to what was written (offsets and timestamps exact in BigInt)`, async () => {
      for (let seed = 0; seed < 64; seed++) {
        const { written, decoded, firstOffset, firstTimestamp } = await roundTrip(seed, compression);
        expect(decoded.length).toBe(written.length);
        for (const [i, w] of written.entries()) {
          const d = decoded[i]!;
          expect([seed, i, d.offset]).toEqual([seed, i, (firstOffset + BigInt(w.offsetDelta)).toString()]);
          expect([seed, i, d.timestamp]).toEqual([seed, i, BigInt.asIntN(64, firstTimestamp + w.timestampDelta).toString()]);
          expect(d.key === null ? null : Buffer.from(d.key).toString("hex")).toEqual(w.key === null ? null : w.key.toString("hex"));
          expect(d.value === null ? null : Buffer.from(d.value).toString("hex")).toEqual(w.value === null ? null : w.value.toString("hex"));
          const hex = (h: Record<string, unknown>) => JSON.stringify(Object.entries(h).map(([k, v]) => [k, Array.isArray(v) ? v.map((b) => Buffer.from(b).toString("hex")) : Buffer.from(v as Buffer).toString("hex")]));
          expect(hex(d.headers)).toEqual(hex(w.headers));
        }
      }
    });
  }
});

describe("kafkajs patch: groupMessagesPerPartition", () => {
  const group = require("kafkajs/src/producer/groupMessagesPerPartition.js");
  // The published implementation, quadratic but the reference for what the grouping must give.
  const published = ({ topic, partitionMetadata, messages, partitioner }: any) =>
    partitionMetadata.length === 0
      ? {}
      : messages.reduce((result: any, message: any) => {
          const partition = partitioner({ topic, partitionMetadata, message });
          return Object.assign(result, { [partition]: [...(result[partition] || []), message] });
        }, {});

  test("groups like the published reduce: same partitions, same messages in send order", () => {
    for (let seed = 1; seed <= 50; seed++) {
      const r = rng(seed);
      const partitionMetadata = Array.from({ length: 1 + (seed % 7) }, (_, i) => ({ partitionId: i, leader: 0 }));
      const messages = Array.from({ length: Math.floor(r() * 300) }, (_, i) => ({ key: `k${Math.floor(r() * 40)}`, value: `v${i}` }));
      const partitioner = ({ message }: any) => Number(message.key.slice(1)) % partitionMetadata.length;
      const args = { topic: "t", partitionMetadata, messages, partitioner };
      expect(group(args)).toEqual(published(args));
    }
    expect(group({ topic: "t", partitionMetadata: [], messages: [{ value: "x" }], partitioner: () => 0 })).toEqual({});
  });

  test("a fetched batch keeps the messages from the fetched offset on, as the published per-message filter did", () => {
    const Batch = require("kafkajs/src/consumer/batch.js");
    const published = (messages: { offset: string }[], fetched: string) => messages.filter((m) => Long.fromValue(m.offset).gte(Long.fromValue(fetched)));
    for (let seed = 1; seed <= 60; seed++) {
      const r = rng(seed);
      // Ascending offsets, with gaps (compaction), some past 2^53.
      let at = seed % 3 === 0 ? 2n ** 53n - 40n : BigInt(Math.floor(r() * 1000));
      const messages = Array.from({ length: Math.floor(r() * 50) }, () => ({ offset: String((at += 1n + BigInt(Math.floor(r() * 3)))), isControlRecord: false }));
      const fetchedAt = messages.length === 0 ? 0 : Math.floor(r() * (messages.length + 2)) - 1;
      const fetched = messages[Math.min(Math.max(fetchedAt, 0), messages.length - 1)]?.offset ?? "0";
      const batch = new Batch("t", fetched, { partition: 0, highWatermark: "0", messages });
      expect(batch.messages).toEqual(published(messages, fetched));
      expect(batch.messages.length).toBe(published(messages, fetched).length);
    }
  });
});
