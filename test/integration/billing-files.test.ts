/**
 * The billing-files flow end to end on the real stack: POST /produce of a CSV path → Kafka →
 * consumer (WASM kernel) → Cassandra → GET /billing. Exact per-file totals, no double counting on
 * re-produce or on a crash between the Cassandra write and the offset commit, and paths outside
 * DATA_DIR dead-lettered without blocking the partition.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BillingStack, CONSUMER_ENTRY, getJson, produce, PRODUCER_ENTRY, startService, type ProduceAck, type RunningService } from "./billing-harness.ts";
import { RUN_ID, testKeyspace, testTopic } from "./fixture.ts";
import { SEED_DATA } from "../fixtures/seed-data.ts";

const SEED = `${SEED_DATA}/garmin`;
const FILES = testTopic("billing-files-e2e");
const DLQ = testTopic("dead-letters-e2e");
const GROUP = `tally-billing-e2e-${RUN_ID}`;
const harness = new BillingStack(testKeyspace("tally_billing"), [
  { topic: FILES, partitions: 3 },
  { topic: DLQ, partitions: 1 },
]);

let dataDir: string;
let producer: RunningService;
let consumer: RunningService | undefined;

function consumerEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...harness.env(),
    DATA_DIR: dataDir,
    CONSUME_TOPICS: FILES,
    BILLING_FILES_TOPIC: FILES,
    DEAD_LETTER_TOPIC: DLQ,
    CONSUMER_GROUP: GROUP,
    CONSUME_ON_START: "true",
    LAG_REFRESH_MS: "500",
    // The restarted consumer waits for the killed one's session to expire: keep it at the broker's minimum.
    KAFKA_SESSION_TIMEOUT_MS: "6000",
    ...extra,
  };
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "tally-billing-e2e-"));
  for (const n of [1, 2, 3]) await copyFile(join(SEED, `billing_report_${n}.csv`), join(dataDir, `billing_report_${n}.csv`));
  await mkdir(join(dataDir, "crash"));
  await copyFile(join(SEED, "billing_report_3.csv"), join(dataDir, "crash/report.csv"));
  await symlink("/etc/passwd", join(dataDir, "escape.csv"));
  await writeFile(join(dataDir, "bad-header.csv"), "service,price,firm\nRun,1.00,A\n");
  await harness.setUp();
  [producer, consumer] = await Promise.all([
    startService(PRODUCER_ENTRY, { ...harness.env(), PRODUCE_TOPICS: FILES }),
    startService(CONSUMER_ENTRY, consumerEnv()),
  ]);
}, 120_000);

afterAll(async () => {
  producer?.kill();
  consumer?.kill();
  await harness.tearDown();
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

type Company = { company: string; total_cost: string; discounted_cost: string; tech_fee: string };

/** Every (company, source) row as "company source total". */
async function rows(): Promise<string[]> {
  const rs = await harness.cql.execute(`SELECT company, source, total_cost FROM ${harness.keyspace}.billing_by_file`);
  return rs.rows.map((r) => `${r.get("company")} ${r.get("source")} ${r.get("total_cost").toString()}`).sort();
}

/** A processed_files marker as "companies records rejected", or undefined. */
async function processed(source: string): Promise<string | undefined> {
  const rs = await harness.cql.execute(`SELECT companies, records, rejected FROM ${harness.keyspace}.processed_files WHERE source = ?`, [source], { prepare: true });
  const r = rs.first();
  return r ? `${r.get("companies")} ${r.get("records")} ${r.get("rejected")}` : undefined;
}

async function processedAt(source: string): Promise<number | undefined> {
  const rs = await harness.cql.execute(`SELECT processed_at FROM ${harness.keyspace}.processed_files WHERE source = ?`, [source], { prepare: true });
  return (rs.first()?.get("processed_at") as Date | undefined)?.getTime();
}

const EXPECTED_ROWS = [
  "A billing_report_1.csv 66.00",
  "A billing_report_2.csv 112.96",
  "A billing_report_3.csv 67.00",
  "B billing_report_1.csv 28.00",
  "B billing_report_2.csv 66.08",
  "B billing_report_3.csv 50.00",
  "C billing_report_1.csv 54.00",
  "C billing_report_2.csv 85.28",
  "C billing_report_3.csv 31.00",
];
const EXPECTED_TOTALS: Company[] = [
  { company: "A", total_cost: "245.96", discounted_cost: "241.04", tech_fee: "12.30" },
  { company: "B", total_cost: "144.08", discounted_cost: "141.20", tech_fee: "7.20" },
  { company: "C", total_cost: "170.28", discounted_cost: "166.87", tech_fee: "8.51" },
];

describe("billing files end to end", () => {
  test("the three seed files give exact per-file rows and GET /billing totals", async () => {
    const acks: ProduceAck[] = [];
    for (const n of [1, 2, 3]) acks.push(await produce(producer.url, FILES, `billing_report_${n}.csv`));
    await harness.waitCommitted(GROUP, acks);
    expect(await rows()).toEqual(EXPECTED_ROWS);
    expect(await getJson<Company[]>(consumer!.url + "/billing")).toEqual(EXPECTED_TOTALS);
    expect(await getJson<Company[]>(consumer!.url + "/billing?company=B")).toEqual([EXPECTED_TOTALS[1]!]);
    const processed = await harness.cql.execute(`SELECT source, companies, records, rejected FROM ${harness.keyspace}.processed_files`);
    expect(processed.rows.map((r) => `${r.get("source")} ${r.get("companies")} ${r.get("records")} ${r.get("rejected")}`).sort()).toEqual([
      "billing_report_1.csv 3 9 0",
      "billing_report_2.csv 3 9 0",
      "billing_report_3.csv 3 9 0",
    ]);
  }, 60_000);

  test("producing file 1 again (also as ./billing_report_1.csv) changes nothing", async () => {
    const before = await processedAt("billing_report_1.csv");
    const acks = [await produce(producer.url, FILES, "billing_report_1.csv"), await produce(producer.url, FILES, "./billing_report_1.csv")];
    await harness.waitCommitted(GROUP, acks);
    expect(await processedAt("billing_report_1.csv")).toBeGreaterThan(before!); // it was processed again…
    expect(await rows()).toEqual(EXPECTED_ROWS); // …and rewrote the same rows
    expect(await getJson<Company[]>(consumer!.url + "/billing")).toEqual(EXPECTED_TOTALS);
  }, 60_000);

  test("a consumer killed between the Cassandra write and the commit does not double-count after restart", async () => {
    consumer!.proc.kill("SIGTERM");
    expect(await consumer!.proc.exited).toBe(0);
    consumer = await startService(CONSUMER_ENTRY, consumerEnv({ TALLY_TEST_CRASH_AFTER_WRITE: "1" }));
    const ack = await produce(producer.url, FILES, "crash/report.csv");
    const code = await Promise.race([consumer.proc.exited, Bun.sleep(30_000).then(() => "still running")]);
    expect([code, consumer.proc.signalCode]).toEqual([137, "SIGKILL"]);
    // Written, not committed.
    const firstWrite = await processedAt("crash/report.csv");
    expect(firstWrite).toBeDefined();
    const committed = await harness.admin.fetchOffsets({ groupId: GROUP, topics: [FILES] });
    const p = committed[0]!.partitions.find((x) => x.partition === ack.partition)!;
    expect(BigInt(p.offset)).toBeLessThanOrEqual(BigInt(ack.offset));

    consumer = await startService(CONSUMER_ENTRY, consumerEnv());
    await harness.waitCommitted(GROUP, [ack]);
    expect(await processedAt("crash/report.csv")).toBeGreaterThan(firstWrite!); // redelivered and rewritten
    const crashRows = (await rows()).filter((r) => r.includes("crash/report.csv"));
    expect(crashRows).toEqual(["A crash/report.csv 67.00", "B crash/report.csv 50.00", "C crash/report.csv 31.00"]);
    expect(await getJson<Company[]>(consumer.url + "/billing?company=A")).toEqual([
      { company: "A", total_cost: "312.96", discounted_cost: "306.70", tech_fee: "15.65" },
    ]);
  }, 90_000);

  test("paths outside DATA_DIR, missing files and unknown headers are dead-lettered, and the partition moves on", async () => {
    const bad = ["../../etc/passwd", "/etc/passwd", "escape.csv", "missing.csv", "bad-header.csv"];
    const acks: ProduceAck[] = [];
    for (const path of bad) acks.push(await produce(producer.url, FILES, path));
    await harness.waitCommitted(GROUP, acks);

    const letters = await readDeadLetters(bad.length);
    const byValue = new Map(letters.map((l) => [l.value, l]));
    expect([...byValue.keys()].sort()).toEqual([...bad].sort());
    expect(byValue.get("../../etc/passwd")?.reason).toContain("..");
    expect(byValue.get("/etc/passwd")?.reason).toContain("outside");
    expect(byValue.get("escape.csv")?.reason).toContain("symlink");
    expect(byValue.get("missing.csv")?.reason).toContain("no such file");
    expect(byValue.get("bad-header.csv")?.reason).toContain("UNKNOWN_COLUMN");
    for (const l of letters) expect(l.topic).toBe(FILES);

    const metrics = await (await fetch(consumer!.url + "/metrics")).text();
    const dead = [...metrics.matchAll(/^tally_job_dead_letters_total\{job_name="billing-files",kind="[a-z_]+"\} (\d+)$/gm)].reduce((s, m) => s + Number(m[1]), 0);
    expect(dead).toBe(bad.length);
    expect(metrics).toMatch(/tally_consumer_batch_duration_seconds_count\{topic="[^"]+"\} [1-9]/);
    // Nothing from these paths reached Cassandra.
    expect((await rows()).filter((r) => /passwd|escape|missing|bad-header/.test(r))).toEqual([]);
  }, 60_000);

  test("a company Cassandra would refuse (a 70 kB key) is a rejected row: the rest of its file is billed, nothing half-written", async () => {
    // Cassandra refuses keys over 64 KiB. Before issue 12 this file was dead-lettered after its other
    // row was already written; now the row is rejected before any write and the file is billed whole.
    await writeFile(join(dataDir, "huge-key.csv"), `service,cost,company\nRun,1.00,${"K".repeat(70_000)}\nRun,2.00,A\n`);
    await writeFile(join(dataDir, "after-huge.csv"), "service,cost,company\nRun,4.00,A\n");
    const acks = [await produce(producer.url, FILES, "huge-key.csv"), await produce(producer.url, FILES, "after-huge.csv")];
    await harness.waitCommitted(GROUP, acks);
    const letter = (await readDeadLetters(6, "huge")).find((l) => l.value === "huge-key.csv");
    expect(letter?.reason).toMatch(/^1 row\(s\) of huge-key\.csv rejected, the others were billed: 1 row\(s\) with company "K{64}"…: company is longer than 65535 UTF-8 bytes$/);
    expect(letter?.offset).toBe(acks[0]!.offset);
    expect((await rows()).filter((r) => r.includes("huge"))).toEqual(["A after-huge.csv 4.00", "A huge-key.csv 2.00"]);
    expect(await processed("huge-key.csv")).toBe("1 1 1"); // companies, records, rejected
    const metrics = await (await fetch(consumer!.url + "/metrics")).text();
    expect(metrics).toMatch(/^tally_job_dead_letters_total\{job_name="billing-files",kind="rejected_rows"\} 1$/m);
    expect(metrics).not.toMatch(/^tally_consumer_poison_messages_total\{topic="[^"]+"\} [1-9]/m);
  }, 60_000);

  test("re-producing a file whose contents changed replaces its rows, dropping companies no longer in it", async () => {
    const path = join(dataDir, "changing.csv");
    await writeFile(path, "service,cost,company\nRun,1.10,A\nSQL,2.20,B\nGCE,3.30,Z\n");
    await harness.waitCommitted(GROUP, [await produce(producer.url, FILES, "changing.csv")]);
    expect((await rows()).filter((r) => r.includes("changing.csv"))).toEqual(["A changing.csv 1.10", "B changing.csv 2.20", "Z changing.csv 3.30"]);
    await writeFile(path, "service,cost,company\nRun,5.00,A\nRun,0.05,A\n");
    await harness.waitCommitted(GROUP, [await produce(producer.url, FILES, "changing.csv")]);
    expect((await rows()).filter((r) => r.includes("changing.csv"))).toEqual(["A changing.csv 5.05"]);
    expect(await getJson<Company[]>(consumer!.url + "/billing?company=Z")).toEqual([]);
  }, 60_000);
});

interface Letter {
  reason: string;
  topic: string;
  partition: number;
  offset: string;
  value: string;
}

/** The first `count` letters on the DLQ, read from the beginning by a reader group named after `as`. */
async function readDeadLetters(count: number, as = "first"): Promise<Letter[]> {
  const reader = harness.kafka.consumer({ groupId: `billing-dlq-reader-${as}-${RUN_ID}` });
  await reader.connect();
  await reader.subscribe({ topic: DLQ, fromBeginning: true });
  const letters: Letter[] = [];
  try {
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`only ${letters.length} of ${count} dead letters within 20 s`)), 20_000);
      void reader.run({
        eachMessage: async ({ message }) => {
          letters.push(JSON.parse(message.value!.toString()) as Letter);
          if (letters.length >= count) (clearTimeout(timer), done());
        },
      });
    });
  } finally {
    await reader.disconnect();
  }
  return letters;
}
