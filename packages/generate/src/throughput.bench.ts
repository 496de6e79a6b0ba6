/**
 * Throughput of the logins generator, alone and into the local Kafka (`bun packages/generate/src/throughput.bench.ts`
 * with the stack up). Writes to a fresh 3-partition topic (like user-login) that it deletes afterwards.
 * COUNT (default 1,000,000) and RUNS (default 3) from the environment; prints one line per run and the median.
 */
import { Kafka, logLevel } from "kafkajs";
import { generateRecords } from "./generate.ts";
import { findKind } from "./kinds.ts";
import { generatorKafka, produceGenerated } from "./produce-generated.ts";

const COUNT = Number(process.env.COUNT ?? 1_000_000);
const RUNS = Number(process.env.RUNS ?? 3);
const BROKERS = (process.env.KAFKA_BROKERS ?? "127.0.0.1:9092").split(",");
const logins = findKind("logins");
const options = { count: COUNT, seed: 1, start: 1_700_000_000 };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const alone: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const started = performance.now();
  let bytes = 0;
  for (const r of generateRecords(logins, options)) bytes += r.value.length;
  const perSecond = COUNT / ((performance.now() - started) / 1000);
  alone.push(perSecond);
  console.log(`generator alone: ${COUNT} records (${(bytes / 1e6).toFixed(0)} MB of JSON), ${Math.round(perSecond)} records/s`);
}

const admin = new Kafka({ brokers: BROKERS, clientId: "generate-bench", logLevel: logLevel.NOTHING }).admin();
await admin.connect();
const kafka = generatorKafka(BROKERS, "generate-bench");
const toKafka: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const topic = `generate-bench-${Date.now()}`;
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  try {
    const cpu = process.cpuUsage();
    const result = await produceGenerated({ kafka, topic, records: generateRecords(logins, options), total: COUNT });
    const used = process.cpuUsage(cpu);
    const perSecond = result.sent / result.seconds;
    toKafka.push(perSecond);
    console.log(`to Kafka: ${result.sent} records in ${result.seconds.toFixed(2)} s, ${Math.round(perSecond)} records/s (this process: ${((used.user + used.system) / 1e6).toFixed(2)} s CPU)`);
  } finally {
    await admin.deleteTopics({ topics: [topic] });
  }
}
await admin.disconnect();
console.log(`median: generator alone ${Math.round(median(alone))} records/s, to Kafka ${Math.round(median(toKafka))} records/s`);
