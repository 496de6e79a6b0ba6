/**
 * CASHBACK_MAX_RETRY_SECONDS: a service whose Cassandra stays unreachable dead-letters a batch after
 * retrying that long (every payment whole, with its reason) and commits it; putting the letters'
 * values back on the payments topic with `tally replay dead-letters` (the real CLI process) then pays
 * them once through the same idempotent path — also when they are replayed twice over.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { getJson } from "./billing-harness.ts";
import { CASHBACK_ENTRY, cashbackRun, metricValue, payment, produceValues, readTopic, startService, type ProduceAck, type RunningService } from "./cashback-harness.ts";
import { freePort, ROOT } from "./service-process.ts";

/** Runs the real `tally replay dead-letters` for this run's topics; its exit code and stderr. */
async function replay(...extra: string[]): Promise<{ code: number; stderr: string }> {
  const proc = Bun.spawn(["bun", "packages/cli/src/main.ts", "replay", "dead-letters", "--source-topic", PAYMENTS, "--dead-letter-topic", DLQ, "--brokers", stack.env().KAFKA_BROKERS!, "--group", `replay-${GROUP}`, ...extra], { cwd: ROOT, stdout: "pipe", stderr: "pipe" });
  const [code, stderr] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
  return { code, stderr };
}

const { payments: PAYMENTS, eligible: ELIGIBLE, deadLetters: DLQ, group: GROUP, stack, env } = cashbackRun("giveup", { payments: 1, eligible: 1 });
let service: RunningService | undefined;
const SESSION = { KAFKA_SESSION_TIMEOUT_MS: "6000" };

beforeAll(async () => {
  await stack.setUp();
}, 120_000);

afterAll(async () => {
  service?.kill();
  await stack.tearDown();
}, 60_000);

describe("retries exhausted", () => {
  test("after CASHBACK_MAX_RETRY_SECONDS the batch is dead-lettered whole; replayed, it is paid once", async () => {
    const values = [payment("g1", 742), payment("g2", 900, "merch_3"), payment("g3", 100)];
    const acks = await produceValues(stack.kafka, PAYMENTS, values, 0);
    service = await startService(CASHBACK_ENTRY, env({ ...SESSION, CASSANDRA_CONTACT_POINTS: `127.0.0.1:${await freePort()}`, CASHBACK_MAX_RETRY_SECONDS: "3" }), "/metrics");
    await stack.waitCommitted(GROUP, acks, 60_000); // committed: the letters hold the payments now
    const letters = (await readTopic(stack.kafka, DLQ)).map((m) => JSON.parse(m.value) as { reason: string; kind: string; offset: string; value: string });
    expect(letters.map((l) => [l.offset, l.kind, l.value])).toEqual(values.map((v, i) => [String(i), "retries_exhausted", v]));
    expect(letters[0]!.reason).toMatch(/^retries exhausted after \d+ s: cassandra conditional insert failed/);
    expect(await metricValue(service.url, "tally_job_dead_letters_total", 'kind="retries_exhausted"')).toBe(3);
    expect((await readTopic(stack.kafka, ELIGIBLE)).length).toBe(0);
    service.proc.kill("SIGTERM");
    expect(await service.proc.exited).toBe(0);

    // Back through the same path with the CLI: a dry run writes nothing, the replay puts 3 back, a second
    // run finds nothing new, and a replay under another group (every letter a second time) pays nothing more.
    const dry = await replay("--dry-run");
    expect([dry.code, dry.stderr]).toEqual([0, expect.stringContaining("would replay 3 dead letters")]);
    expect((await readTopic(stack.kafka, PAYMENTS)).length).toBe(3);
    service = await startService(CASHBACK_ENTRY, env(SESSION));
    const first = await replay();
    expect([first.code, first.stderr]).toEqual([0, expect.stringContaining(`replayed 3 dead letters of ${PAYMENTS}`)]);
    expect((await replay()).stderr).toContain("replayed 0 dead letters");
    expect((await replay("--group", `replay-again-${GROUP}`)).stderr).toContain("replayed 3 dead letters");
    const onTopic = await readTopic(stack.kafka, PAYMENTS);
    expect(onTopic.map((m) => m.value)).toEqual([...values, ...values, ...values]);
    await stack.waitCommitted(GROUP, onTopic.map((m): ProduceAck => ({ topic: PAYMENTS, partition: m.partition, offset: m.offset })));
    expect(await getJson(service.url + "/cashback/customers/cust_3")).toEqual({ customer_id: "cust_3", transactions: 2, cashback: "246.30" });
    expect((await readTopic(stack.kafka, ELIGIBLE)).map((m) => m.key).sort()).toEqual(["g1", "g2"]);
  }, 120_000);
});
