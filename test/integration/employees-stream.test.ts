/**
 * Employee analytics (seed 001) as a stream job against the real stack: the seed's records produced
 * through POST /produce in messages of one and of many lines, consumed by the employees job into
 * Cassandra; GET /analytics/employees equals POST /process of the same records; the Prometheus
 * counters count them; a crash between the Cassandra write and the offset commit, and a group that
 * re-reads the topic from the start, change nothing (each message counts once, by its offset).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { BillingStack, CONSUMER_ENTRY, getJson, produce, PRODUCER_ENTRY, startService, type ProduceAck, type RunningService } from "./billing-harness.ts";
import { RUN_ID, testKeyspace, testTopic } from "./fixture.ts";
import { SEED_DATA } from "../fixtures/seed-data.ts";

const SEED = join(SEED_DATA, "water_master_microservices");
const EMP = testTopic("emp-data-e2e");
const DLQ = testTopic("dead-letters-emp-e2e");
const GROUP = `tally-employees-e2e-${RUN_ID}`;
const harness = new BillingStack(testKeyspace("tally_employees"), [
  { topic: EMP, partitions: 3 },
  { topic: DLQ, partitions: 1 },
]);

let producer: RunningService;
let consumer: RunningService;
const produced: string[] = []; // every record line produced so far

const consumerEnv = (extra: Record<string, string> = {}) => ({
  ...harness.env(),
  CONSUME_TOPICS: EMP,
  EMPLOYEES_TOPIC: EMP,
  DEAD_LETTER_TOPIC: DLQ,
  CONSUMER_GROUP: GROUP,
  CONSUME_ON_START: "true",
  // The crashed member's partitions are reassigned after this (the broker's minimum), not the default 30 s.
  KAFKA_SESSION_TIMEOUT_MS: "6000",
  ...extra,
});

beforeAll(async () => {
  await harness.setUp();
  [producer, consumer] = await Promise.all([startService(PRODUCER_ENTRY, { ...harness.env(), PRODUCE_TOPICS: EMP }), startService(CONSUMER_ENTRY, consumerEnv())]);
}, 120_000);

afterAll(async () => {
  producer?.kill();
  consumer?.kill();
  await harness.tearDown();
}, 60_000);

const seedLines = async (name: string) => (await Bun.file(join(SEED, name)).text()).trim().split("\n");

/** Produces `lines` as messages of the given sizes (the rest one line each). */
async function produceLines(lines: string[], sizes: number[] = []): Promise<ProduceAck[]> {
  const acks: ProduceAck[] = [];
  let at = 0;
  for (const size of sizes) (acks.push(await produce(producer.url, EMP, lines.slice(at, at + size).join("\n"))), (at += size));
  for (; at < lines.length; at++) acks.push(await produce(producer.url, EMP, lines[at]!));
  produced.push(...lines);
  return acks;
}

/** What POST /process answers for every record produced so far (the request path's figures). */
async function expectedView(): Promise<Record<string, unknown>> {
  const res = await fetch(consumer.url + "/process?view=full", { method: "POST", headers: { "content-type": "application/json" }, body: `[${produced.join(",")}]` });
  const { rejected, ...rest } = (await res.json()) as { rejected: unknown[] };
  return { ...rest, rejected_count: rejected.length };
}

const streamed = () => getJson<Record<string, unknown>>(consumer.url + "/analytics/employees");

async function counter(name: string, labels: string): Promise<number> {
  const text = await (await fetch(consumer.url + "/metrics")).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name}${labels} `));
  return line ? Number(line.slice(line.lastIndexOf(" ") + 1)) : 0;
}

describe("employees stream job", () => {
  test("emp_data.json: GET /analytics/employees gives the seed's figures, exactly as POST /process does", async () => {
    // A message of 20 lines (~5 kB: read through the kernel path), one of 5 (the JS path), the rest alone.
    const acks = await produceLines(await seedLines("emp_data.json"), [20, 5]);
    await harness.waitCommitted(GROUP, acks);
    const view = await streamed();
    expect(view).toMatchObject({ count: 40, average_salary: 68900.61, managers: 19, age: { min: 26, max: 40 }, average_years_of_experience: 7.6, rejected_count: 0 });
    expect(view.by_gender).toEqual([
      { gender: "F", average_salary: 68250.57, count: 20 },
      { gender: "M", average_salary: 69550.65, count: 20 },
    ]);
    expect(view).toEqual(await expectedView());
    expect(await counter("tally_employees_by_gender_total", `{topic="${EMP}",gender="M"}`)).toBe(20);
  }, 120_000);

  test("json_topic.json on top: counts add up, the refused record is dead-lettered", async () => {
    const acks = await produceLines(await seedLines("json_topic.json"));
    await harness.waitCommitted(GROUP, acks);
    const view = await streamed();
    expect(view).toMatchObject({ count: 52, rejected_count: 1 });
    expect(view).toEqual(await expectedView());
    expect(await counter("tally_employees_by_gender_total", `{topic="${EMP}",gender="M"}`)).toBe(27);
    expect(await counter("tally_employees_by_birth_month_total", `{topic="${EMP}",month="3"}`)).toBe(3 + 2);
    expect(await counter("tally_job_dead_letters_total", `{job_name="employees",kind="rejected_lines"}`)).toBe(1);
    // One row per partition, however many messages.
    const rows = await harness.cql.execute(`SELECT partition FROM ${harness.keyspace}.employees_by_partition WHERE topic = ?`, [EMP]);
    expect(rows.rows.length).toBeLessThanOrEqual(3);
  }, 120_000);

  test("a crash between the Cassandra write and the commit: the redelivered batch counts nothing twice", async () => {
    const before = await expectedView();
    consumer.proc.kill("SIGTERM");
    expect(await consumer.proc.exited).toBe(0);
    consumer = await startService(CONSUMER_ENTRY, consumerEnv({ TALLY_TEST_CRASH_AFTER_WRITE: "1" }), "/metrics");
    const lines = ['{"gender":"F","salary":1000.10,"birth_date":"2000-02-29","age":25}', '{"gender":"X","salary":0.05}'];
    const acks = await produceLines(lines, [2]);
    expect(await Promise.race([consumer.proc.exited, Bun.sleep(30_000).then(() => "still running")])).toBe(137);
    const committed = await harness.admin.fetchOffsets({ groupId: GROUP, topics: [EMP] });
    const p = committed[0]!.partitions.find((x) => x.partition === acks[0]!.partition)!;
    expect(BigInt(p.offset)).toBeLessThanOrEqual(BigInt(acks[0]!.offset)); // written, not committed

    consumer = await startService(CONSUMER_ENTRY, consumerEnv());
    await harness.waitCommitted(GROUP, acks);
    const view = await streamed();
    expect(view).toEqual(await expectedView());
    expect(view.count).toBe((before.count as number) + 2);
  }, 120_000);

  test("a group re-reading the topic from the start changes nothing", async () => {
    const before = await streamed();
    consumer.proc.kill("SIGTERM");
    expect(await consumer.proc.exited).toBe(0);
    await harness.admin.resetOffsets({ groupId: GROUP, topic: EMP, earliest: true });
    consumer = await startService(CONSUMER_ENTRY, consumerEnv());
    const offsets = await harness.admin.fetchTopicOffsets(EMP);
    const ends = offsets.map((o) => ({ topic: EMP, partition: o.partition, offset: String(BigInt(o.high) - 1n) })).filter((a) => BigInt(a.offset) >= 0n);
    await harness.waitCommitted(GROUP, ends);
    expect(await streamed()).toEqual(before);
    // Nothing was folded in again, so the new process's counters did not move.
    expect(await counter("tally_employees_by_gender_total", `{topic="${EMP}",gender="M"}`)).toBe(0);
  }, 120_000);
});
