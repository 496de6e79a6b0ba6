/**
 * `bun run bench:billing`: the billing-files flow on a 100 MB CSV (bench/data/billing-100mb.csv, cached,
 * quoted fields included), three ways in one run:
 *  - end to end: POST /produce of the file's path → Kafka → consumer (WASM kernel) → Cassandra, until
 *    GET /billing returns the expected totals (polled every 10 ms); real producer and consumer processes
 *    against the local stack, on a bench topic and keyspace created here and dropped after;
 *  - the kernel alone (the consumer's chunking: fileChunks, 2 MiB);
 *  - the pure-TypeScript reference implementation.
 * Prints medians and rewrites the "Billing" section of bench/RESULTS.md (other sections are left alone).
 */
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { link, mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { BILLING_FILE_SPEC, companyFees } from "@tally/billing";
import { decimal } from "@tally/decimal";
import { createLogger } from "@tally/http-kit";
import { createCassandra } from "@tally/http-kit/cassandra";
import { createKafka } from "@tally/http-kit/kafka";
import type { Aggregator, AggregateSpec, Group } from "@tally/kernel-wasm";
import { loadKernelFromDisk } from "@tally/kernel-wasm/disk";
import { createReferenceAggregator } from "@tally/kernel-wasm/reference";
import { fileChunks } from "@tally/pipeline/file";
import { applySchema } from "../infra/local/src/schema.ts";
import { CONSUMER_ENTRY, PRODUCER_ENTRY, startService, type RunningService } from "../test/integration/billing-harness.ts";
import { BILLING_CSV, DATA_DIR, ensureBenchData } from "./generate-data.ts";
import { median } from "./interleaved-ab.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const REFERENCE_RUNS = Number(process.env.BENCH_REFERENCE_RUNS ?? 3);
const ID = Date.now().toString(36);
const TOPIC = `billing-files-bench-${ID}`;
const KEYSPACE = `tally_bench_${ID}`;
const RUN_DIR = join(DATA_DIR, `e2e-${ID}`);

type Totals = { company: string; total_cost: string; discounted_cost: string; tech_fee: string }[];


/** Streams the file through one aggregator exactly as the consumer does; returns ms and the result. */
async function aggregateFile(create: (spec: AggregateSpec) => Aggregator) {
  const started = performance.now();
  const agg = create(BILLING_FILE_SPEC);
  for await (const chunk of fileChunks(BILLING_CSV)) agg.push(chunk);
  const result = agg.finish();
  return { ms: performance.now() - started, result };
}

/** What GET /billing must answer after `copies` identical files: computed from the kernel's exact sums. */
function expectedTotals(groups: Group[], copies: number): string {
  const rows = groups
    .map((g) => ({ company: g.key[0]!, fees: companyFees(decimal((g.sum ?? 0n) * BigInt(copies), 2)) }))
    .sort((a, b) => (Buffer.compare(Buffer.from(a.company), Buffer.from(b.company))))
    .map(({ company, fees }) => ({ company, total_cost: fees.totalCost, discounted_cost: fees.discountedCost, tech_fee: fees.techFee }));
  return JSON.stringify(rows satisfies Totals);
}

if (!existsSync(BILLING_CSV)) console.log("generating bench/data/billing-100mb.csv (once) …");
ensureBenchData();
const sizeMb = Bun.file(BILLING_CSV).size / 1e6;

const kernel = await loadKernelFromDisk();
const kernelMs: number[] = [];
let groups: Group[] = [];
for (let i = 0; i <= RUNS; i++) {
  const { ms, result } = await aggregateFile((s) => kernel.createAggregator(s));
  if (i > 0) kernelMs.push(ms); // the first run warms the page cache and the JIT
  groups = result.groups;
}
console.log(`kernel (simd=${kernel.simd}): median ${median(kernelMs).toFixed(0)} ms over ${RUNS} runs`);

const referenceMs: number[] = [];
for (let i = 0; i < REFERENCE_RUNS; i++) referenceMs.push((await aggregateFile(createReferenceAggregator)).ms);
console.log(`reference: median ${median(referenceMs).toFixed(0)} ms over ${REFERENCE_RUNS} runs`);

// End to end on real processes.
const quiet = createLogger("bench", "error");
const kafka = createKafka({ brokers: ["127.0.0.1:9092"], clientId: `bench-${ID}` }, quiet);
const admin = kafka.admin();
const cql = createCassandra({ contactPoints: ["127.0.0.1:9042"], localDataCenter: "datacenter1" });
const services: RunningService[] = [];
const e2eMs: number[] = [];
const consumerFileMs: number[] = [];
const consumerBatchMs: number[] = [];
try {
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
  await applySchema(cql, KEYSPACE);
  await mkdir(RUN_DIR, { recursive: true });
  const env = { CASSANDRA_KEYSPACE: KEYSPACE, LOG_LEVEL: "warn" };
  const [producer, consumer] = await Promise.all([
    startService(PRODUCER_ENTRY, { ...env, PRODUCE_TOPICS: TOPIC }),
    startService(CONSUMER_ENTRY, { ...env, DATA_DIR, CONSUME_TOPICS: TOPIC, BILLING_FILES_TOPIC: TOPIC, CONSUMER_GROUP: `bench-${ID}`, CONSUME_ON_START: "true" }),
  ]);
  services.push(producer, consumer);
  for (let i = 0; i <= RUNS; i++) {
    // A hard link per run is a new source (a symlink would resolve to the same one), so each run adds
    // one more file's worth to the totals and completion is visible through GET /billing.
    const name = `e2e-${ID}/run-${i}.csv`;
    await link(BILLING_CSV, join(DATA_DIR, name));
    const want = expectedTotals(groups, i + 1);
    const fileSecondsBefore = await metricSum(consumer.url, "tally_job_kernel_seconds_total");
    const batchSecondsBefore = await metricSum(consumer.url, "tally_consumer_batch_duration_seconds_sum");
    const started = performance.now();
    const res = await fetch(producer.url + "/produce", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ topic: TOPIC, message: name }) });
    if (res.status !== 202) throw new Error(`POST /produce: ${res.status} ${await res.text()}`);
    for (const deadline = Date.now() + 60_000; ; await Bun.sleep(10)) {
      if ((await (await fetch(consumer.url + "/billing")).text()) === want) break;
      if (Date.now() > deadline) throw new Error(`run ${i}: totals not visible within 60 s\n${consumer.output()}`);
    }
    const ms = performance.now() - started;
    if (i > 0) e2eMs.push(ms); // run 0 warms the consumer (kernel instance, prepared statements, fetch session)
    if (i > 0) consumerFileMs.push(((await metricSum(consumer.url, "tally_job_kernel_seconds_total")) - fileSecondsBefore) * 1000);
    if (i > 0) consumerBatchMs.push(((await metricSum(consumer.url, "tally_consumer_batch_duration_seconds_sum")) - batchSecondsBefore) * 1000);
    console.log(`end to end run ${i}${i === 0 ? " (warm-up)" : ""}: ${ms.toFixed(0)} ms`);
  }
} finally {
  for (const s of services) s.kill();
  await rm(RUN_DIR, { recursive: true, force: true });
  await admin.deleteTopics({ topics: [TOPIC] }).catch(() => {});
  await admin.disconnect();
  await cql.execute(`DROP KEYSPACE IF EXISTS ${KEYSPACE}`).catch(() => {});
  await cql.shutdown();
}

/** The `_sum` of a histogram in the consumer's /metrics (seconds; its one topic label). */
async function metricSum(url: string, series: string): Promise<number> {
  const m = new RegExp(`^${series}\\{[^}]*\\} ([\\d.e+-]+)$`, "m").exec(await (await fetch(url + "/metrics")).text());
  return m ? Number(m[1]) : 0;
}

const lscpu = Bun.spawnSync(["lscpu"]).stdout.toString();
const cpu = /Model name:\s*(.+)/.exec(lscpu)?.[1]?.trim() ?? "unknown CPU";
const cores = Bun.spawnSync(["nproc"]).stdout.toString().trim();
const summary = {
  date: new Date().toISOString().slice(0, 10),
  machine: `${cpu}, ${cores} cores`,
  bun: Bun.version,
  sizeMb,
  records: groups.reduce((n, g) => n + g.count, 0),
  companies: groups.length,
  runs: RUNS,
  referenceRuns: REFERENCE_RUNS,
  e2eMs: median(e2eMs),
  consumerFileMs: median(consumerFileMs),
  consumerBatchMs: median(consumerBatchMs),
  kernelMs: median(kernelMs),
  referenceMs: median(referenceMs),
  simd: kernel.simd,
};
console.log(`end to end: median ${summary.e2eMs.toFixed(0)} ms (consumer batch: ${summary.consumerBatchMs.toFixed(0)} ms, of which reading the file: ${summary.consumerFileMs.toFixed(0)} ms)`);
await writeResultsSection(join(import.meta.dir, "RESULTS.md"), summary);
console.log("bench/RESULTS.md: Billing section updated");

/** Replaces (or appends) the "## Billing" section of RESULTS.md, up to the next "## " heading. */
async function writeResultsSection(path: string, r: typeof summary): Promise<void> {
  const section = [
    "## Billing",
    "",
    `\`bun run bench:billing\` on ${r.date}: ${r.machine}, Bun ${r.bun}, local stack (single-node Kafka and Cassandra on the same machine).`,
    `Input: bench/data/billing-100mb.csv, ${r.sizeMb.toFixed(1)} MB, ${r.records.toLocaleString("en")} records, ${r.companies} companies, some quoted fields. Medians of ${r.runs} runs after a warm-up (reference: ${r.referenceRuns} runs).`,
    "",
    "| path | median | throughput |",
    "| --- | ---: | ---: |",
    `| end to end: \`POST /produce\` of the path → totals returned by \`GET /billing\` (polled every 10 ms) | ${r.e2eMs.toFixed(0)} ms | ${(r.sizeMb / (r.e2eMs / 1000)).toFixed(0)} MB/s |`,
    `| … of which the consumer's batch: read the file, write Cassandra, commit (\`tally_consumer_batch_duration_seconds\`) | ${r.consumerBatchMs.toFixed(0)} ms | ${(r.sizeMb / (r.consumerBatchMs / 1000)).toFixed(0)} MB/s |`,
    `| … of which streaming the file through the kernel (\`tally_job_kernel_seconds_total\`) | ${r.consumerFileMs.toFixed(0)} ms | ${(r.sizeMb / (r.consumerFileMs / 1000)).toFixed(0)} MB/s |`,
    `| WASM kernel alone (${r.simd ? "SIMD" : "scalar"} build, 2 MiB chunks from disk) | ${r.kernelMs.toFixed(0)} ms | ${(r.sizeMb / (r.kernelMs / 1000)).toFixed(0)} MB/s |`,
    `| reference implementation (pure TypeScript) | ${r.referenceMs.toFixed(0)} ms | ${(r.sizeMb / (r.referenceMs / 1000)).toFixed(0)} MB/s |`,
    "",
    `Target: end to end under 1 s — ${r.e2eMs < 1000 ? "met" : "not met"}. Each run produces a new hard link of the file (a new source), so the totals grow by one file per run and completion is visible through GET /billing.`,
    "",
    "Beyond reading the file, the consumer's batch is Cassandra: about 1,000 upserts and one index read per 500-company file (110–145 ms when `writeFile` runs alone), slowed here by the GET /billing polling — each poll is a `GROUP BY` over the whole table — on the same two cores. The batch and end-to-end medians come from separate series, so their difference is not the polling cost.",
    "",
  ].join("\n");
  const current = existsSync(path) ? await readFile(path, "utf8") : "# Benchmark results\n\n";
  const start = current.search(/^## Billing\s*$/m);
  let next: string;
  if (start === -1) next = current.replace(/\n*$/, "\n\n") + section;
  else {
    const after = current.slice(start + 1).search(/^## /m);
    next = current.slice(0, start) + section + (after === -1 ? "" : "\n" + current.slice(start + 1 + after));
  }
  await writeFile(path, next);
}
