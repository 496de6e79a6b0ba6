/**
 * `bun run bench:logins`: 1,000,000 login events on a fresh 3-partition topic → all windows final in
 * Cassandra and published on the analytics topic, exact, by the consumer service (a whole process, as
 * in production), beside two readers of the same topic in the same run: a bare kafkajs eachBatch
 * loop that only counts messages, and Kafka's own ConsumerPerformance from the stack's jars.
 * Needs the local stack (`bun run stack up`). Prints its figures (a table line and a JSON summary) for bench/RESULTS.md, "Login windows".
 *   BENCH_LOGINS=1000000 BENCH_IDLE_SECONDS=1 BENCH_WARMUP=200000 BENCH_DUMP=<file> (the consumer's output, for its warnings and timings)
 * With BENCH_WARMUP > 0 the consumer first counts that many earlier events on the same topic (untimed) and
 * stops; the 1M are then produced and the two readers read everything on the topic.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { findKind, generateRecords } from "@tally/generate";
import { produceGenerated } from "@tally/generate/kafka";
import { createLogger } from "@tally/http-kit";
import { createCassandra } from "@tally/http-kit/cassandra";
import { createKafka } from "@tally/http-kit/kafka";
import { applySchema } from "../infra/local/src/schema.ts";
import { CONSUMER_ENTRY, startService } from "../test/integration/billing-harness.ts";
import { cpuLine, cpuSnapshot } from "./stack-cpu.ts";
import { referenceCounts } from "../test/integration/login-reference.ts";

const N = Number(process.env.BENCH_LOGINS ?? 1_000_000);
const IDLE = Number(process.env.BENCH_IDLE_SECONDS ?? 1);
// Events the consumer counts (and publishes) before the timed run, on the same topic with earlier event
// times: a long-running consumer has compiled its hot code; a fresh process spends its first second in the
// JIT (1.6 s of JIT threads' CPU against 4.5 s of the main thread over 1M events, session 8). 0: cold.
const WARM = Number(process.env.BENCH_WARMUP ?? 200_000);
const ID = Date.now().toString(36);
const TOPIC = `user-login-bench-${ID}`;
const ANALYTICS = `user-login-analytics-bench-${ID}`;
const KEYSPACE = `tally_logins_bench_${ID}`;
const START = 1_694_479_540;
// The login job's defaults (LOGIN_WINDOW_SECONDS, LOGIN_ALLOWED_LATENESS_SECONDS), which the consumer here runs with.
const WINDOW_SECONDS = 20;
const LATENESS_SECONDS = 10;
const ROOT = join(import.meta.dir, "..");
const quiet = createLogger("bench", "error");

const kafka = createKafka({ brokers: ["127.0.0.1:9092"], clientId: "bench-logins" }, quiet);
const admin = kafka.admin();
await admin.connect();
await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 3 }, { topic: ANALYTICS, numPartitions: 1 }], waitForLeaders: true });
const cql = createCassandra({ contactPoints: ["127.0.0.1:9042"], localDataCenter: "datacenter1", keyspace: "system" });
await applySchema(cql, KEYSPACE);

const results: Record<string, number | string> = {};
let service: Awaited<ReturnType<typeof startService>> | undefined;
// What the windows must hold, from the same events (the job's semantics modelled apart, in the test
// helper). The generator's disorder (≤ 5 s) is inside the lateness (10 s): no event is late, in any
// partition, so one sequence stands for the three.
const reference = referenceCounts([[...generateRecords(findKind("logins")!, { count: N, seed: 1, start: START })].map((r) => r.value)], WINDOW_SECONDS, LATENESS_SECONDS);
const expectedWindows = reference.rows.filter((r) => r.record_type === "total").length;
try {
  // The consumer service, started first so that it can warm up on earlier events.
  const consumer = (service = await startService(CONSUMER_ENTRY, {
    KAFKA_BROKERS: "127.0.0.1:9092",
    CASSANDRA_KEYSPACE: KEYSPACE,
    CONSUMER_GROUP: `bench-tally-${ID}`,
    CONSUME_TOPICS: TOPIC,
    LOGIN_TOPIC: TOPIC,
    LOGIN_ANALYTICS_TOPIC: ANALYTICS,
    LOGIN_IDLE_FLUSH_SECONDS: String(IDLE),
    LOG_LEVEL: "warn",
  }));
  const consumed = async () => ((await (await fetch(consumer.url + "/consume")).json()) as { counts: { records: number } }).counts.records;
  const finalized = async () => Number(/^tally_windows_finalized_total\{[^}]*\} (\d+)/m.exec(await (await fetch(consumer.url + "/metrics")).text())?.[1] ?? 0);
  let t = performance.now();
  if (WARM > 0) {
    // Warm-up (untimed): WARM events a million seconds before the timed ones, counted, final and published.
    const warm = [...generateRecords(findKind("logins")!, { count: WARM, seed: 2, start: START - 1_000_000 })];
    const warmWindows = referenceCounts([warm.map((r) => r.value)], WINDOW_SECONDS, LATENESS_SECONDS).rows.filter((r) => r.record_type === "total").length;
    await produceGenerated({ kafka, topic: TOPIC, records: warm.values(), total: WARM });
    const started = await fetch(consumer.url + "/consume", { method: "POST" });
    if (started.status !== 202) throw new Error(`POST /consume: ${started.status} ${await started.text()}`);
    while ((await consumed()) < WARM || (await finalized()) < warmWindows) {
      if (performance.now() - t > 300_000) throw new Error(`warm-up not done in 300 s\n${consumer.output().slice(-2000)}`);
      await Bun.sleep(100);
    }
    const stopped = await fetch(consumer.url + "/consume", { method: "DELETE" });
    if (!stopped.ok) throw new Error(`DELETE /consume: ${stopped.status} ${await stopped.text()}`);
    console.log(`warm-up: ${WARM} earlier events counted and ${warmWindows} windows published in ${((performance.now() - t) / 1000).toFixed(1)} s (untimed)`);
  }
  // The input: N generated logins (deterministic: seed 1, a fixed start).
  t = performance.now();
  await produceGenerated({ kafka, topic: TOPIC, records: generateRecords(findKind("logins")!, { count: N, seed: 1, start: START }), total: N });
  console.log(`produced ${N} logins in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  // The two readers read the whole topic (the warm-up's events too).
  const ALL = N + WARM;

  // 1. A bare kafkajs eachBatch loop that only counts.
  const bare = kafka.consumer({ groupId: `bench-bare-${ID}`, maxWaitTimeInMs: 100 });
  await bare.connect();
  await bare.subscribe({ topic: TOPIC, fromBeginning: true });
  let seen = 0;
  t = performance.now();
  let done: () => void;
  const finished = new Promise<void>((r) => (done = r));
  await bare.run({ eachBatch: async ({ batch }) => void ((seen += batch.messages.length) >= ALL && done()) });
  await finished;
  results.bare = ALL / ((performance.now() - t) / 1000);
  await bare.disconnect();
  console.log(`bare kafkajs eachBatch: ${Math.round(Number(results.bare))} messages/s`);

  // 2. Kafka's own consumer benchmark, from the stack's jars.
  const classpath = readFileSync(join(ROOT, ".stack/kafka/classpath.txt"), "utf8").trim();
  const perf = Bun.spawnSync(["java", "-cp", classpath, "org.apache.kafka.tools.ConsumerPerformance", "--bootstrap-server", "127.0.0.1:9092", "--topic", TOPIC, "--messages", String(ALL), "--group", `bench-perf-${ID}`, "--timeout", "60000"], { stdout: "pipe", stderr: "pipe" });
  const line = perf.stdout.toString().trim().split("\n").at(-1) ?? "";
  // start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
  const cols = line.split(",").map((c) => c.trim());
  results.perfTest = Number(cols[5]);
  results.perfTestFetch = Number(cols[9]);
  console.log(`kafka ConsumerPerformance: ${cols[5]} msg/s overall, ${cols[9]} msg/s fetching`);

  // 3. Tally: the consumer service counts every window exactly and publishes it.
  try {
    const recordsBefore = await consumed();
    const finalizedBefore = await finalized();
    const cpu0 = cpuSnapshot(consumer.proc.pid);
    t = performance.now();
    const started = await fetch(consumer.url + "/consume", { method: "POST" });
    if (started.status !== 202) throw new Error(`POST /consume: ${started.status} ${await started.text()}`);
    let counted = 0;
    let allCountedMs = 0;
    // Timed: until every event is counted (GET /consume), then until the consumer has published every
    // window of the reference (its tally_windows_finalized_total: the publisher counts a window once its
    // Kafka transaction committed, and only final windows are published). Both reads are cheap, so the
    // polling costs the consumer little; the check of what it wrote comes after, untimed.
    for (;;) {
      if (counted < N) {
        counted = (await consumed()) - recordsBefore;
        if (counted >= N) allCountedMs = performance.now() - t;
      }
      if (counted >= N) {
        const published = (await finalized()) - finalizedBefore;
        if (published >= expectedWindows) {
          results.tallyFinalMs = performance.now() - t;
          results.tallyCountedMs = allCountedMs;
          results.cpu = cpuLine("the timed span", consumer.proc.pid, cpu0, Number(results.tallyFinalMs));
          console.log(results.cpu);
          break;
        }
      }
      if (performance.now() - t > 300_000) throw new Error(`not done in 300 s (counted ${counted})\n${consumer.output().slice(-2000)}`);
      await Bun.sleep(50);
    }
    // Untimed: every window final in the API, every count equal to the reference's.
    type Row = { window_start: string; record_type: string; value: string | null; count: number; final: boolean };
    const rows = (await (await fetch(`${consumer.url}/analytics/logins?from=${START - 100}&to=${START + Math.ceil(N / 100) + 100}`)).json()) as Row[];
    const got = new Map(rows.map((r) => [`${r.window_start}|${r.record_type}|${r.value}`, r.count]));
    const want = new Map(reference.rows.map((r) => [`${r.window_start}|${r.record_type}|${r.value}`, r.count]));
    const wrong = [...new Set([...got.keys(), ...want.keys()])].filter((k) => got.get(k) !== want.get(k));
    results.windows = rows.filter((r) => r.record_type === "total").length;
    results.total = rows.filter((r) => r.record_type === "total").reduce((s, r) => s + r.count, 0);
    results.exact =
      reference.late === 0 && wrong.length === 0 && rows.every((r) => r.final)
        ? "yes"
        : `no (${wrong.length} rows differ, e.g. ${wrong.slice(0, 3).join(", ")}; ${rows.filter((r) => !r.final).length} not final; ${reference.late} late in the reference)`;
    const m = await (await fetch(consumer.url + "/metrics")).text();
    const sum = Number(/^tally_consumer_batch_duration_seconds_sum\{[^}]*\} ([\d.e+-]+)/m.exec(m)?.[1] ?? 0);
    const count = Number(/^tally_consumer_batch_duration_seconds_count\{[^}]*\} (\d+)/m.exec(m)?.[1] ?? 0);
    // A failed batch waits out a back-off before its retry: worth seeing beside the rate it cost.
    const failed = [...m.matchAll(/^tally_consumer_batch_failures_total\{[^}]*\} (\d+)/gm)].reduce((n, x) => n + Number(x[1]), 0);
    results.batches = count;
    results.batchMs = (sum / Math.max(1, count)) * 1000;
    results.failedBatches = failed;
    console.log(`consumer: ${count} batches (the warm-up's included), ${(ALL / Math.max(1, count)).toFixed(0)} events and ${results.batchMs.toFixed(1)} ms each on average; ${failed} failed and retried`);
  } finally {
    if (process.env.BENCH_DUMP) await Bun.write(process.env.BENCH_DUMP, consumer.output());
    // SIGTERM, so a profiler (BUN_OPTIONS="--cpu-prof-md --cpu-prof-dir=…") gets to write its file.
    consumer.proc.kill("SIGTERM");
    if ((await Promise.race([consumer.proc.exited, Bun.sleep(10_000).then(() => "late")])) === "late") consumer.kill();
  }
  results.tally = N / (Number(results.tallyFinalMs) / 1000);
  results.tallyCounted = N / (Number(results.tallyCountedMs) / 1000);
  console.log(`tally: all ${results.windows} windows final and published in ${(Number(results.tallyFinalMs) / 1000).toFixed(2)} s = ${Math.round(Number(results.tally))} events/s (every event counted after ${(Number(results.tallyCountedMs) / 1000).toFixed(2)} s = ${Math.round(Number(results.tallyCounted))}/s); total ${results.total}, exact: ${results.exact}`);
} finally {
  if (service && service.proc.exitCode === null && !service.proc.killed) service.kill(); // a failure before the timed part
  await admin.deleteTopics({ topics: [TOPIC, ANALYTICS] }).catch(() => {});
  await admin.disconnect();
  await cql.execute(`DROP KEYSPACE IF EXISTS ${KEYSPACE}`).catch(() => {});
  await cql.shutdown();
}
const lscpu = Bun.spawnSync(["lscpu"]).stdout.toString();
const cpu = /Model name:\s*(.+)/.exec(lscpu)?.[1]?.trim() ?? "unknown CPU";
const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
console.log(JSON.stringify({ cpu, load, ...results }));
