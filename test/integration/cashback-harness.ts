/**
 * Shared by the cashback-*.test.ts integration tests: the cashback service as a real process against
 * the local stack (per-run topics and keyspace through BillingStack, which is generic), payments
 * produced straight to Kafka as the original's producer did, and the eligible topic read back whole.
 */
import { join } from "node:path";
import type { Kafka } from "kafkajs";
import { BillingStack, ROOT, type ProduceAck } from "./billing-harness.ts";
import { RUN_ID, testKeyspace, testTopic } from "./fixture.ts";

export { BillingStack as CashbackStack, startService, type ProduceAck, type RunningService } from "./billing-harness.ts";

export const CASHBACK_ENTRY = join(ROOT, "services/cashback/src/index.ts");

/**
 * One test file's cashback run: its own payments, eligible and dead-letter topics, consumer group and
 * keyspace (all suffixed per run), and the service environment pointing at them (consuming from boot).
 */
export function cashbackRun(name: string, partitions: { payments: number; eligible: number }) {
  const payments = testTopic(`payments-${name}`);
  const eligible = testTopic(`cashback-eligible-${name}`);
  const deadLetters = testTopic(`dead-letters-cashback-${name}`);
  const group = `tally-cashback-${name}-${RUN_ID}`;
  const stack = new BillingStack(testKeyspace(`tally_cashback_${name}`), [
    { topic: payments, partitions: partitions.payments },
    { topic: eligible, partitions: partitions.eligible },
    { topic: deadLetters, partitions: 1 },
  ]);
  const env = (extra: Record<string, string> = {}): Record<string, string> => ({
    ...stack.env(),
    PAYMENTS_TOPIC: payments,
    CASHBACK_ELIGIBLE_TOPIC: eligible,
    DEAD_LETTER_TOPIC: deadLetters,
    CONSUMER_GROUP: group,
    CONSUME_ON_START: "true",
    ...extra,
  });
  return { payments, eligible, deadLetters, group, stack, env };
}

/** One payment as the original producer sent it (amount a JSON number unless given as a string). */
export function payment(id: string, amount: number | string, merchant = "merch_1", customer = "cust_3", extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ transaction_id: id, customer_id: customer, timestamp: "2025-02-08 13:00:00", product_id: "prod_5", amount, merchant_id: merchant, ...extra });
}

/**
 * Produces `values` (null: a tombstone) to `topic` without keys, as the original did; one ack per
 * message. One send per message (spread over the partitions), or with `partition` all in one send,
 * so the consumer fetches them as one batch.
 */
export async function produceValues(kafka: Kafka, topic: string, values: readonly (string | Buffer | null)[], partition?: number): Promise<ProduceAck[]> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    if (partition !== undefined) {
      const [meta] = await producer.send({ topic, acks: -1, messages: values.map((value) => ({ value, partition })) });
      return values.map((_, i) => ({ topic, partition, offset: String(BigInt(meta!.baseOffset!) + BigInt(i)) }));
    }
    const acks: ProduceAck[] = [];
    for (const value of values) {
      const [meta] = await producer.send({ topic, acks: -1, messages: [{ value }] });
      acks.push({ topic, partition: meta!.partition, offset: meta!.baseOffset! });
    }
    return acks;
  } finally {
    await producer.disconnect();
  }
}

/** A message read back from a topic. */
export interface ReadMessage {
  key: string | null;
  value: string;
  partition: number;
  offset: string;
}

/** Every message on `topic` up to its current end, read by a fresh consumer group. */
export async function readTopic(kafka: Kafka, topic: string): Promise<ReadMessage[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
  await admin.disconnect();
  const seen = new Map<number, bigint>();
  const remaining = () => [...ends.entries()].filter(([p, high]) => (seen.get(p) ?? -1n) + 1n < high);
  const out: ReadMessage[] = [];
  if (remaining().length === 0) return out;
  const reader = kafka.consumer({ groupId: `cashback-reader-${RUN_ID}-${Math.random().toString(36).slice(2)}` });
  await reader.connect();
  await reader.subscribe({ topic, fromBeginning: true });
  try {
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`read ${out.length} messages of ${topic}; partitions still short: ${remaining().map(([p]) => p)}`)), 30_000);
      void reader.run({
        eachMessage: async ({ partition, message }) => {
          out.push({ key: message.key?.toString() ?? null, value: message.value?.toString() ?? "", partition, offset: message.offset });
          seen.set(partition, BigInt(message.offset));
          if (remaining().length === 0) (clearTimeout(timer), done());
        },
      });
    });
  } finally {
    await reader.disconnect();
  }
  return out;
}

/** A counter's value from a service's /metrics (the sum over its series matching `labels`). */
export async function metricValue(url: string, name: string, labels = ""): Promise<number> {
  const text = await (await fetch(url + "/metrics")).text();
  let total = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(name)) continue;
    const m = /^(\w+)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name || (labels && !(m[2] ?? "").includes(labels))) continue;
    total += Number(m[3]);
  }
  return total;
}
