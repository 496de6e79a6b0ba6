/** How many messages on a topic carry the same `idempotency-key` header (copies written by client retries). */
import type { Kafka } from "kafkajs";
import { RUN_ID } from "../integration/fixture.ts";

export interface KeyCopies {
  messages: number;
  withKey: number;
  /** Keys that occur on more than one message. */
  repeatedKeys: number;
  /** Messages beyond the first per key. */
  extraCopies: number;
}

/** Reads `topic` from the start to its current end with a fresh group and counts the header's copies. */
export async function keyCopies(kafka: Kafka, topic: string): Promise<KeyCopies> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
  await admin.disconnect();
  const seen = new Map<number, bigint>();
  const left = () => [...ends].some(([p, high]) => (seen.get(p) ?? 0n) < high);
  const counts = new Map<string, number>();
  let messages = 0;
  if (left()) {
    const reader = kafka.consumer({ groupId: `faults-key-reader-${RUN_ID}-${Date.now()}` });
    await reader.connect();
    await reader.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`reading ${topic}: still short after 60 s`)), 60_000);
      void reader.run({
        eachMessage: async ({ partition, message }) => {
          messages++;
          const key = message.headers?.["idempotency-key"]?.toString();
          if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
          seen.set(partition, BigInt(message.offset) + 1n);
          if (!left()) (clearTimeout(timer), done());
        },
      });
    });
    await reader.disconnect();
  }
  const repeated = [...counts.values()].filter((n) => n > 1);
  return { messages, withKey: [...counts.values()].reduce((a, b) => a + b, 0), repeatedKeys: repeated.length, extraCopies: repeated.reduce((a, n) => a + n - 1, 0) };
}
