/**
 * `bun run bench:cashback` (issue 11's target): BENCH_PAYMENTS (default 1,000,000) generated payments
 * already on a bench payments topic (3 partitions) → the real cashback service process → every
 * eligible payment in the Cassandra ledger and on the eligible topic, checked exact against an
 * integer-cents oracle. In the same run, beside it: a bare kafkajs read of the same topic, and the
 * job's stages alone (decode + rules in process, ledger claims into Cassandra, eligible produce) to
 * say where the time goes. Bench topics and keyspace are created here and dropped after.
 * `--write` puts the table into bench/RESULTS.md between the cashback markers.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { findKind, generateRecords } from "@tally/generate";
import { generatorKafka, produceGenerated } from "@tally/generate/kafka";
import { createLogger } from "@tally/http-kit";
import { createCassandra } from "@tally/http-kit/cassandra";
import { createKafka } from "@tally/http-kit/kafka";
import { kafkaSink } from "@tally/pipeline/kafka";
import { createContext } from "@tally/pipeline";
import { applySchema } from "../infra/local/src/schema.ts";
import { startService, type RunningService } from "../test/integration/billing-harness.ts";
import { CASHBACK_ENTRY } from "../test/integration/cashback-harness.ts";
import { eligibleMessage } from "../services/cashback/src/eligible/eligible-message.ts";
import { cassandraLedger } from "../services/cashback/src/ledger/ledger-store.ts";
import type { PaidPayment } from "../services/cashback/src/ledger/paid-payment.ts";
import { readPayment } from "../services/cashback/src/payments/read-payment.ts";
import { cashbackFor } from "../services/cashback/src/rules/cashback.ts";
import { DEFAULT_RULES } from "../services/cashback/src/rules/cashback-rules.ts";
import { cpuLine as stackCpuLine, cpuSnapshot } from "./stack-cpu.ts";

const COUNT = Number(process.env.BENCH_PAYMENTS ?? 1_000_000);
const ID = Date.now().toString(36);
const PAYMENTS = `payments-bench-${ID}`;
const ELIGIBLE = `cashback-eligible-bench-${ID}`;
const STAGE_TOPIC = `cashback-stage-bench-${ID}`;
const KEYSPACE = `tally_bench_cashback_${ID}`;
const STAGE_KEYSPACE = `tally_bench_stage_${ID}`;
const GROUP = `tally-cashback-bench-${ID}`;
const BROKERS = (process.env.KAFKA_BROKERS ?? "127.0.0.1:9092").split(",");
const CASSANDRA = (process.env.CASSANDRA_CONTACT_POINTS ?? "127.0.0.1:9042").split(",");

const quiet = createLogger("bench", "error");
const kafka = createKafka({ brokers: BROKERS, clientId: `bench-${ID}`, requestTimeoutMs: 30_000 }, quiet);
const admin = kafka.admin();
const cql = createCassandra({ contactPoints: CASSANDRA, localDataCenter: "datacenter1", readTimeoutMs: 120_000 });
const rows: [string, number, string][] = [];
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rate = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString("en-US")}/s`;
const row = (what: string, n: number, ms: number) => (rows.push([what, ms, rate(n, ms)]), console.log(`${what}: ${secs(ms)} (${rate(n, ms)})`));
let service: RunningService | undefined;
let cpuLine = "";

try {
  await admin.connect();
  await admin.createTopics({ topics: [PAYMENTS, ELIGIBLE, STAGE_TOPIC].map((topic) => ({ topic, numPartitions: 3, replicationFactor: 1 })), waitForLeaders: true });
  await applySchema(cql, KEYSPACE);
  await applySchema(cql, STAGE_KEYSPACE);

  // The payments and the oracle: the original's rules in integer cents (amounts are whole: cents = amount × 15).
  const records = [...generateRecords(findKind("payments"), { count: COUNT, seed: 4, start: 1_738_990_800 })];
  let eligible = 0;
  let cents = 0n;
  for (const r of records) {
    const p = JSON.parse(r.value) as Record<string, unknown>;
    const clean = typeof p.customer_id === "string" && typeof p.timestamp === "string" && p.merchant_id !== "" && Number.isInteger(p.amount) && (p.amount as number) >= 0;
    if (clean && (p.amount as number) > 500 && (p.merchant_id === "merch_1" || p.merchant_id === "merch_3")) (eligible++, (cents += BigInt(p.amount as number) * 15n));
  }
  let t = performance.now();
  await produceGenerated({ kafka: generatorKafka(BROKERS, `bench-fill-${ID}`), topic: PAYMENTS, records, total: COUNT });
  console.log(`filled ${PAYMENTS} with ${COUNT} payments (${eligible} eligible) in ${secs(performance.now() - t)}`);

  // A bare kafkajs read of the same topic: the floor for anything that consumes it.
  row("bare kafkajs read of the topic (eachBatch, no processing)", COUNT, await bareRead(PAYMENTS, COUNT));

  // End to end through the real service process.
  service = await startService(CASHBACK_ENTRY, {
    KAFKA_BROKERS: BROKERS.join(","),
    CASSANDRA_CONTACT_POINTS: CASSANDRA.join(","),
    CASSANDRA_KEYSPACE: KEYSPACE,
    PAYMENTS_TOPIC: PAYMENTS,
    CASHBACK_ELIGIBLE_TOPIC: ELIGIBLE,
    CONSUMER_GROUP: GROUP,
    LOG_LEVEL: "error",
  });
  const cpu0 = cpuSnapshot(service.proc.pid);
  t = performance.now();
  const res = await fetch(service.url + "/consume", { method: "POST" });
  if (res.status !== 202) throw new Error(`POST /consume: ${res.status} ${await res.text()}`);
  await waitCommitted(PAYMENTS, GROUP);
  const endToEnd = performance.now() - t;
  row("end to end: payments → cashback service → ledger + eligible topic, committed", COUNT, endToEnd);
  cpuLine = stackCpuLine("end to end", service.proc.pid, cpu0, endToEnd);
  console.log(`  ${cpuLine}`);
  const metrics = await (await fetch(service.url + "/metrics")).text();
  const batchSeconds = sumMetric(metrics, "tally_consumer_batch_duration_seconds_sum");
  const batches = sumMetric(metrics, "tally_consumer_batch_duration_seconds_count");
  console.log(`  ${batches} batches, ${batchSeconds.toFixed(1)} s inside the job (partitions handled concurrently)`);

  // Exact? The ledger, summed by Cassandra, and the eligible topic, read back whole.
  const sums = (await cql.execute(`SELECT count(*) AS n, sum(cashback) AS s FROM ${KEYSPACE}.cashback_payments`)).first()!;
  const ledgerOk = Number(sums.get("n")) === eligible && sums.get("s").toString() === `${cents / 100n}.${String(cents % 100n).padStart(2, "0")}`;
  const topic = await readAll(ELIGIBLE);
  const keys = new Set(topic.map((m) => m.key));
  const topicCents = topic.reduce((s, m) => s + BigInt((JSON.parse(m.value) as { cashback: string }).cashback.replace(".", "")), 0n);
  const topicOk = keys.size === eligible && topic.length === eligible && topicCents === cents;
  console.log(`ledger: ${sums.get("n")} rows, ${sums.get("s")} (oracle ${eligible}, ${cents} cents) ${ledgerOk ? "EXACT" : "WRONG"}`);
  console.log(`eligible topic: ${topic.length} messages, ${keys.size} keys, ${topicCents} cents ${topicOk ? "EXACT" : "WRONG"}`);
  // SIGTERM, so a service run with BUN_OPTIONS="--cpu-prof-md …" writes its profile.
  service.proc.kill("SIGTERM");
  await service.proc.exited;
  service = undefined;

  // The stages alone, in this process: where the time goes.
  t = performance.now();
  const candidates: PaidPayment[] = [];
  records.forEach((r, i) => {
    const read = readPayment({ topic: PAYMENTS, partition: 0, offset: String(i), key: null, value: Buffer.from(r.value), headers: {}, timestamp: 0 });
    if (read.kind !== "payment") return;
    const cashback = cashbackFor(read.payment.amount, read.payment.merchantId, DEFAULT_RULES);
    if (cashback) candidates.push({ ...read.payment, cashback, source: { topic: PAYMENTS, partition: 0, offset: String(i) } });
  });
  row("stage: decode + validate + rules (readPayment, cashbackFor), one core", COUNT, performance.now() - t);
  const ledger = cassandraLedger(cql, STAGE_KEYSPACE);
  t = performance.now();
  // As the job claims them: what one fetched batch held on average (kafkajs hands out whole fetches), 3 partitions at a time.
  const perBatch = Math.max(1, Math.ceil(candidates.length / Math.max(1, batches)));
  const chunks = Array.from({ length: Math.ceil(candidates.length / perBatch) }, (_, i) => candidates.slice(i * perBatch, (i + 1) * perBatch));
  for (let i = 0; i < chunks.length; i += 3) await Promise.all(chunks.slice(i, i + 3).map((c) => ledger.claim(c)));
  row(`stage: ledger claims alone (${candidates.length} eligible, INSERT … IF NOT EXISTS per bucket)`, candidates.length, performance.now() - t);
  const producer = kafka.producer();
  await producer.connect();
  const sink = kafkaSink<PaidPayment>({ producer, topic: STAGE_TOPIC, encode: eligibleMessage });
  t = performance.now();
  for (let i = 0; i < chunks.length; i += 3) await Promise.all(chunks.slice(i, i + 3).map((c) => sink.write(c, createContext("bench"))));
  row(`stage: eligible produce alone (${candidates.length} messages, acks=all)`, candidates.length, performance.now() - t);
  await producer.disconnect();

  const target = COUNT / (endToEnd / 1000) >= 100_000 ? "met" : "not met";
  console.log(`target ≥ 100,000 payments/s end to end: ${target} (${rate(COUNT, endToEnd)})`);
  if (process.argv.includes("--write")) await writeResults(ledgerOk && topicOk, target, Number(batches));
} finally {
  service?.kill();
  await admin.deleteTopics({ topics: [PAYMENTS, ELIGIBLE, STAGE_TOPIC] }).catch(() => {});
  await admin.disconnect();
  for (const ks of [KEYSPACE, STAGE_KEYSPACE]) await cql.execute(`DROP KEYSPACE IF EXISTS ${ks}`).catch(() => {});
  await cql.shutdown();
}

/** Reads `count` messages of `topic` with a fresh group and no processing; ms from run() to the last. */
async function bareRead(topic: string, count: number): Promise<number> {
  const consumer = kafka.consumer({ groupId: `bench-bare-${ID}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  const started = performance.now();
  await new Promise<void>((done) => void consumer.run({ eachBatch: async ({ batch }) => void ((seen += batch.messages.length) >= count && done()) }));
  const ms = performance.now() - started;
  await consumer.disconnect();
  return ms;
}

/** Every message of `topic` as {key, value}. */
async function readAll(topic: string): Promise<{ key: string; value: string }[]> {
  const total = (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high), 0);
  const out: { key: string; value: string }[] = [];
  if (total === 0) return out;
  const consumer = kafka.consumer({ groupId: `bench-check-${ID}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((done) =>
    void consumer.run({
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) out.push({ key: String(m.key), value: String(m.value) });
        if (out.length >= total) done();
      },
    }),
  );
  await consumer.disconnect();
  return out;
}

/** Resolves once `group` committed every partition of `topic` up to its end. */
async function waitCommitted(topic: string, group: string): Promise<void> {
  const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p.high]));
  for (;;) {
    const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    if (committed!.partitions.every((p) => p.offset === ends.get(p.partition))) return;
    await Bun.sleep(50);
  }
}

function sumMetric(text: string, name: string): number {
  return text.split("\n").filter((l) => l.startsWith(name)).reduce((s, l) => s + Number(l.split(" ").pop()), 0);
}

async function writeResults(exact: boolean, target: string, batches: number): Promise<void> {
  const path = join(import.meta.dir, "RESULTS.md");
  const cpu = (await Bun.$`lscpu`.text()).match(/Model name:\s*(.+)/)?.[1]?.trim() ?? "unknown CPU";
  const table = [
    `<!-- cashback:start (generated by \`bun run bench:cashback -- --write\`) -->`,
    `Run ${new Date().toISOString().slice(0, 16)}Z on ${cpu}, ${navigator.hardwareConcurrency} cores, Bun ${Bun.version}; ${COUNT.toLocaleString("en-US")} payments, 3 partitions, ${batches} service batches; result ${exact ? "exact (ledger count and sum, eligible topic keys and sum = oracle)" : "NOT EXACT"}; target ≥ 100,000 payments/s ${target}.`,
    "",
    "| path | time | throughput |",
    "| --- | ---: | ---: |",
    ...rows.map(([what, ms, r]) => `| ${what} | ${secs(ms)} | ${r} |`),
    "",
    cpuLine,
    "<!-- cashback:end -->",
  ].join("\n");
  const current = await readFile(path, "utf8");
  const start = current.indexOf("<!-- cashback:start");
  const end = current.indexOf("<!-- cashback:end -->");
  const next = start >= 0 && end > start ? current.slice(0, start) + table + current.slice(end + "<!-- cashback:end -->".length) : `${current.trimEnd()}\n\n## Cashback\n\n${table}\n`;
  await writeFile(path, next);
  console.log("bench/RESULTS.md: cashback table updated");
}
