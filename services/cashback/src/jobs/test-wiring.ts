import { recordingCassandra } from "@tally/pipeline/testing";
import type { Producer, ProducerRecord } from "kafkajs";
import { Registry } from "prom-client";
import { readConfig } from "../config.ts";
import type { JobWiring } from "../job-wiring.ts";
import { createCashbackMetrics } from "../metrics.ts";

/** TEST SUPPORT: a producer that records what it was asked to send; `fail` makes sends throw. */
export function recordingProducer() {
  const sent: ProducerRecord[] = [];
  let failure: Error | undefined;
  const producer = {
    connect: async () => {},
    disconnect: async () => {},
    send: async (record: ProducerRecord) => {
      if (failure) throw failure;
      sent.push(record);
      return [];
    },
  } as unknown as Producer;
  return {
    producer,
    sent,
    /** Messages produced to `topic`, as {key, value} text. */
    messages: (topic: string) => sent.filter((r) => r.topic === topic).flatMap((r) => r.messages.map((m) => ({ key: String(m.key), value: String(m.value) }))),
    fail: (error: Error | undefined) => void (failure = error),
  };
}

/** TEST SUPPORT: the cashback job's wiring with a recording Cassandra client and producer and a private registry. */
export function testWiring(env: Record<string, string> = {}) {
  const db = recordingCassandra();
  const kafka = recordingProducer();
  const registry = new Registry();
  const wiring: JobWiring = { config: readConfig(env), cassandra: db.client, producer: kafka.producer, metrics: createCashbackMetrics(registry) };
  return { wiring, db, kafka, registry };
}
