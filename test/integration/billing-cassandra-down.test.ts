/**
 * Sink outage: a consumer whose Cassandra is unreachable keeps the billing file in Kafka (the handler
 * throws, nothing is committed, the batch is retried with backoff) and answers GET /billing with a JSON
 * 503; once a consumer with a working Cassandra takes over, the file is billed exactly once.
 * The shared Cassandra is never stopped: the outage is a contact point nothing listens on.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BillingStack, CONSUMER_ENTRY, getJson, produce, PRODUCER_ENTRY, startService, type RunningService } from "./billing-harness.ts";
import { freePort } from "./service-process.ts";
import { RUN_ID, testKeyspace, testTopic } from "./fixture.ts";
import { SEED_DATA } from "../fixtures/seed-data.ts";

const FILES = testTopic("billing-files-outage");
const DLQ = testTopic("dead-letters-outage");
const GROUP = `tally-billing-outage-${RUN_ID}`;
const harness = new BillingStack(testKeyspace("tally_outage"), [
  { topic: FILES, partitions: 1 },
  { topic: DLQ, partitions: 1 },
]);

let dataDir: string;
let producer: RunningService;
let consumer: RunningService | undefined;

function consumerEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { ...harness.env(), DATA_DIR: dataDir, CONSUME_TOPICS: FILES, BILLING_FILES_TOPIC: FILES, DEAD_LETTER_TOPIC: DLQ, CONSUMER_GROUP: GROUP, CONSUME_ON_START: "true", ...extra };
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "tally-billing-outage-"));
  await copyFile(`${SEED_DATA}/garmin/billing_report_2.csv`, join(dataDir, "report.csv"));
  await harness.setUp();
  producer = await startService(PRODUCER_ENTRY, { ...harness.env(), PRODUCE_TOPICS: FILES });
}, 120_000);

afterAll(async () => {
  producer?.kill();
  consumer?.kill();
  await harness.tearDown();
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

const metric = async (url: string, name: string) => {
  const m = new RegExp(`^${name}\\{[^}]*\\} (\\d+)`, "m").exec(await (await fetch(url + "/metrics")).text());
  return m ? Number(m[1]) : 0;
};

describe("Cassandra down", () => {
  test("nothing is committed while the sink is down; a healthy consumer then bills the file once", async () => {
    consumer = await startService(CONSUMER_ENTRY, consumerEnv({ CASSANDRA_CONTACT_POINTS: `127.0.0.1:${await freePort()}` }), "/metrics");
    const ack = await produce(producer.url, FILES, "report.csv");
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await Bun.sleep(200)) {
      if ((await metric(consumer.url, "tally_consumer_batch_failures_total")) >= 2) break;
    }
    expect(await metric(consumer.url, "tally_consumer_batch_failures_total")).toBeGreaterThanOrEqual(2); // retried, not dropped
    const committed = await harness.admin.fetchOffsets({ groupId: GROUP, topics: [FILES] });
    expect(BigInt(committed[0]!.partitions[0]!.offset)).toBeLessThanOrEqual(BigInt(ack.offset));
    expect(await metric(consumer.url, "tally_job_dead_letters_total")).toBe(0); // an outage is not poison

    const res = await fetch(consumer.url + "/billing");
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("cassandra_unavailable");

    consumer.proc.kill("SIGTERM");
    expect(await consumer.proc.exited).toBe(0);
    consumer = await startService(CONSUMER_ENTRY, consumerEnv());
    await harness.waitCommitted(GROUP, [ack]);
    expect(await getJson(consumer.url + "/billing")).toEqual([
      { company: "A", total_cost: "112.96", discounted_cost: "110.70", tech_fee: "5.65" },
      { company: "B", total_cost: "66.08", discounted_cost: "64.76", tech_fee: "3.30" },
      { company: "C", total_cost: "85.28", discounted_cost: "83.57", tech_fee: "4.26" },
    ]);
  }, 90_000);
});
