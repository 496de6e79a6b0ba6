/**
 * `bun run bench:produce`: the real producer process (POST /produce, acks=all) against the stack's Kafka,
 * beside Kafka's own ProducerPerformance in the same run, on a fresh 3-partition topic of 200-byte records:
 *  - single-message requests under wrk (1 thread, 100 connections) — target ≥ 20,000 req/s, p99 ≤ 25 ms;
 *  - the same with a fresh Idempotency-Key per request (what a client that retries safely sends);
 *  - the batch form (`messages`, 1,000 per request) under wrk (4 connections) — target ≥ 100,000 messages/s;
 *  - ProducerPerformance (one JVM, acks=all) with the same record size.
 * Rounds alternate the order; medians are printed as a markdown table with the CPU model and load, the
 * producer's CPU per message (from /proc) and how many messages each Kafka produce request carried.
 * At the end the topic must hold at least every acknowledged message.
 *
 * Usage: bun run bench:produce [-- --seconds 10 --rounds 3 --connections 100 --batch 1000 --perf-records 1000000]
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "@tally/http-kit";
import { createKafka } from "@tally/http-kit/kafka";
import { ROOT, startService } from "../test/integration/service-process.ts";
import { $, ensureWrk, loadAverage, median, postScript, postScriptWithKeys, producerPerformance, wrk, type PerfRun } from "./produce-tools.ts";
import type { WrkRun } from "./process-http-wrk.ts";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg("seconds", 10);
const ROUNDS = arg("rounds", 3);
const CONNECTIONS = arg("connections", 100);
const BATCH = arg("batch", 1000);
const BATCH_CONNECTIONS = arg("batch-connections", 4);
const PERF_RECORDS = arg("perf-records", 1_000_000);
const RECORD_BYTES = 200;
const BROKERS = process.env.KAFKA_BROKERS ?? "127.0.0.1:9092";

await ensureWrk();
const topic = `bench-produce-${Date.now().toString(36)}`;
const kafka = createKafka({ brokers: BROKERS.split(","), clientId: "bench-produce" }, createLogger("bench-produce", "error"));
const admin = kafka.admin();
await admin.connect();
await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });

const record = (i: number) => `u${i} GET /v1/items/${i} 200 12ms `.padEnd(RECORD_BYTES, "x");
const dir = mkdtempSync(join(tmpdir(), "tally-bench-produce-"));
const single = join(dir, "single.lua");
const batch = join(dir, "batch.lua");
const keyed = (round: number) => {
  const path = join(dir, `keyed-${round}.lua`);
  writeFileSync(path, postScriptWithKeys(JSON.stringify({ topic, message: record(1) }), `${topic}-${round}`));
  return path;
};
writeFileSync(single, postScript(JSON.stringify({ topic, message: record(1) })));
writeFileSync(batch, postScript(JSON.stringify({ topic, messages: Array.from({ length: BATCH }, (_, i) => ({ message: record(i) })) })));

const svc = await startService(join(ROOT, "services/producer/src/index.ts"), { KAFKA_BROKERS: BROKERS, PRODUCE_TOPICS: topic, LOG_LEVEL: "error" }, "/metrics");
const url = `${svc.url}/produce`;
const machine = {
  date: new Date().toISOString().slice(0, 16) + "Z",
  cpu: (await $(["lscpu"])).match(/Model name:\s*(.+)/)?.[1]?.trim() ?? "unknown CPU",
  cores: navigator.hardwareConcurrency,
  loadBefore: loadAverage(),
};

/** tally_produced_messages_total and tally_produce_kafka_requests_total, now. */
async function counters(): Promise<{ messages: number; requests: number }> {
  const text = await (await fetch(`${svc.url}/metrics`)).text();
  const read = (re: RegExp) => Number(re.exec(text)?.[1] ?? 0);
  return { messages: read(/^tally_produced_messages_total\{[^}]*\} (\d+)/m), requests: read(/^tally_produce_kafka_requests_total (\d+)/m) };
}

interface Measured {
  run: WrkRun;
  perKafkaRequest: number;
}

async function measure(script: string, connections: number, seconds: number): Promise<Measured> {
  const before = await counters();
  const run = await wrk(svc.proc.pid, url, script, connections, seconds);
  const after = await counters();
  return { run, perKafkaRequest: (after.messages - before.messages) / Math.max(1, after.requests - before.requests) };
}

const singles: Measured[] = [];
const keyeds: Measured[] = [];
const batches: Measured[] = [];
const perfs: PerfRun[] = [];
let acknowledged = 0;
try {
  for (const s of [single, batch]) {
    const warm = await measure(s, s === single ? CONNECTIONS : BATCH_CONNECTIONS, 2);
    acknowledged += warm.run.requests * (s === single ? 1 : BATCH);
  }
  const steps: ((round: number) => Promise<void>)[] = [
    async () => {
      const m = await measure(single, CONNECTIONS, SECONDS);
      singles.push(m);
      acknowledged += m.run.requests;
    },
    async (round: number) => {
      const m = await measure(keyed(round), CONNECTIONS, SECONDS);
      keyeds.push(m);
      acknowledged += m.run.requests;
    },
    async () => {
      const m = await measure(batch, BATCH_CONNECTIONS, SECONDS);
      batches.push(m);
      acknowledged += m.run.requests * BATCH;
    },
    async () => {
      const p = await producerPerformance(BROKERS, topic, PERF_RECORDS, RECORD_BYTES);
      perfs.push(p);
      acknowledged += p.records;
    },
  ];
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? steps : [...steps].reverse();
    for (const step of order) await step(round);
    console.error(`round ${round + 1}/${ROUNDS} done (load ${loadAverage()})`);
  }
  const offsets = await admin.fetchTopicOffsets(topic);
  const inTopic = offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  if (inTopic < acknowledged) throw new Error(`topic holds ${inTopic} messages, fewer than the ${acknowledged} acknowledged`);

  const rps = median(singles.map((m) => m.run.rps));
  const p99 = median(singles.map((m) => m.run.p99Ms));
  const batchRate = median(batches.map((m) => m.run.rps * BATCH));
  const perfRate = median(perfs.map((p) => p.recordsPerSec));
  const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
  console.log(
    `\n${machine.date}: ${machine.cpu}, ${machine.cores} cores, Bun ${Bun.version}; ${RECORD_BYTES}-byte records, 3 partitions, acks=all; ` +
      `${ROUNDS} alternating rounds of ${SECONDS} s (medians); load average ${machine.loadBefore} before, ${loadAverage()} after. ` +
      `${fmt(singles.reduce((n, m) => n + m.run.requests, 0))} single-message requests measured (after a warm-up). ` +
      `The topic holds ${fmt(inTopic)} messages, ≥ the ${fmt(acknowledged)} acknowledged.\n`,
  );
  console.log("| path | messages/s | requests/s | p50 ms | p99 ms | producer CPU µs/message | messages per Kafka produce request | target |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
  console.log(
    `| POST /produce, one message per request, wrk ${CONNECTIONS} connections | ${fmt(rps)} | ${fmt(rps)} | ${median(singles.map((m) => m.run.p50Ms)).toFixed(2)} | ${p99.toFixed(2)} | ` +
      `${median(singles.map((m) => m.run.cpuMicros)).toFixed(1)} | ${median(singles.map((m) => m.perKafkaRequest)).toFixed(1)} | ` +
      `≥ 20,000 req/s, p99 ≤ 25 ms: ${rps >= 20_000 && p99 <= 25 ? "met" : "not met"} |`,
  );
  const keyedRps = median(keyeds.map((m) => m.run.rps));
  console.log(
    `| same, a fresh Idempotency-Key per request | ${fmt(keyedRps)} | ${fmt(keyedRps)} | ${median(keyeds.map((m) => m.run.p50Ms)).toFixed(2)} | ` +
      `${median(keyeds.map((m) => m.run.p99Ms)).toFixed(2)} | ${median(keyeds.map((m) => m.run.cpuMicros)).toFixed(1)} | ` +
      `${median(keyeds.map((m) => m.perKafkaRequest)).toFixed(1)} | — |`,
  );
  console.log(
    `| POST /produce, batch form (${BATCH} per request), wrk ${BATCH_CONNECTIONS} connections | ${fmt(batchRate)} | ${fmt(median(batches.map((m) => m.run.rps)))} | ` +
      `${median(batches.map((m) => m.run.p50Ms)).toFixed(2)} | ${median(batches.map((m) => m.run.p99Ms)).toFixed(2)} | ` +
      `${median(batches.map((m) => m.run.cpuMicros / BATCH)).toFixed(2)} | ${median(batches.map((m) => m.perKafkaRequest)).toFixed(0)} | ` +
      `≥ 100,000 messages/s: ${batchRate >= 100_000 ? "met" : "not met"} |`,
  );
  console.log(
    `| Kafka ProducerPerformance (${fmt(PERF_RECORDS)} records, one JVM) | ${fmt(perfRate)} | — | ${median(perfs.map((p) => p.p50Ms)).toFixed(0)} | ` +
      `${median(perfs.map((p) => p.p99Ms)).toFixed(0)} | — | — | reference |`,
  );
} finally {
  svc.kill();
  await admin.deleteTopics({ topics: [topic] }).catch(() => {});
  await admin.disconnect();
}
