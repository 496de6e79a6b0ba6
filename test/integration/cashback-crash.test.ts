/**
 * A crash between the writes and the offset commit (TALLY_TEST_CRASH_AFTER_WRITE: the service SIGKILLs itself
 * once a batch is in the ledger, the errors table and on the eligible topic, before it commits):
 * the restarted service gets the batch again and pays nothing twice. The ledger holds each
 * transaction once and the totals are exact; the eligible topic has every paid transaction under
 * its key, republished with the very same bytes (at least once, never with other contents).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { getJson } from "./billing-harness.ts";
import { CASHBACK_ENTRY, cashbackRun, metricValue, payment, produceValues, readTopic, startService, type RunningService } from "./cashback-harness.ts";

const { payments: PAYMENTS, eligible: ELIGIBLE, deadLetters: DLQ, group: GROUP, stack, env } = cashbackRun("crash", { payments: 1, eligible: 3 });

let service: RunningService | undefined;

// The restarted service waits for the killed one's session to expire: keep it at the broker's minimum.
const SESSION = { KAFKA_SESSION_TIMEOUT_MS: "6000" };

beforeAll(async () => {
  await stack.setUp();
}, 120_000);

afterAll(async () => {
  service?.kill();
  await stack.tearDown();
}, 60_000);

// 40 payments of 4 customers: 20 eligible (600.00 + i at merch_1 or merch_3), 20 not; and one bad record.
const values = [
  ...Array.from({ length: 40 }, (_, i) => payment(`t${i}`, i % 2 === 0 ? 600 + i : 400 + i, i % 4 < 2 ? "merch_1" : "merch_3", `cust_${i % 4}`)),
  "{not json",
];
/** Each customer's exact cashback: 15 % of 600 + i, rounded half-up to cents. */
function expectedCashback(customer: number): { transactions: number; cents: bigint } {
  let cents = 0n;
  let transactions = 0;
  for (let i = 0; i < 40; i += 2) {
    if (i % 4 !== customer) continue;
    transactions++;
    cents += (BigInt(600 + i) * 1500n + 50n) / 100n; // amount × 15 % in cents, half-up
  }
  return { transactions, cents };
}

describe("crash between the writes and the commit", () => {
  test("the redelivered batch pays nothing twice; the eligible topic repeats identical messages only", async () => {
    // All in one send and consumed only then, so the first batch holds them all.
    service = await startService(CASHBACK_ENTRY, env({ ...SESSION, TALLY_TEST_CRASH_AFTER_WRITE: "1", CONSUME_ON_START: "false" }));
    const acks = await produceValues(stack.kafka, PAYMENTS, values, 0);
    void fetch(service.url + "/consume", { method: "POST" }).catch(() => {});
    expect(await service.proc.exited).toBe(137);
    const committed = await stack.admin.fetchOffsets({ groupId: GROUP, topics: [PAYMENTS] });
    expect(BigInt(committed[0]!.partitions[0]!.offset)).toBeLessThan(BigInt(acks.at(-1)!.offset) + 1n); // not committed
    const written = (await readTopic(stack.kafka, ELIGIBLE)).length;
    expect(written).toBe(20); // the crash came after the eligible topic had them all

    service = await startService(CASHBACK_ENTRY, env(SESSION));
    await stack.waitCommitted(GROUP, acks, 60_000);

    const ledger = await stack.cql.execute(`SELECT transaction_id FROM ${stack.keyspace}.cashback_payments`);
    expect(ledger.rows.map((r) => String(r.get("transaction_id"))).sort()).toEqual(Array.from({ length: 20 }, (_, k) => `t${2 * k}`).sort());
    for (const c of [0, 1, 2, 3]) {
      const { transactions, cents } = expectedCashback(c);
      const want = `${cents / 100n}.${String(cents % 100n).padStart(2, "0")}`;
      expect(await getJson(service.url + `/cashback/customers/cust_${c}`)).toEqual({ customer_id: `cust_${c}`, transactions, cashback: want });
    }

    const eligible = await readTopic(stack.kafka, ELIGIBLE);
    const byKey = new Map<string, Set<string>>();
    for (const m of eligible) byKey.set(m.key!, (byKey.get(m.key!) ?? new Set()).add(m.value));
    expect(byKey.size).toBe(20);
    for (const [key, bodies] of byKey) expect([key, bodies.size]).toEqual([key, 1]); // republished, never with other contents
    expect(eligible.length).toBe(40); // the batch was produced again after the restart: at least once, same bytes

    // The restarted service paid nothing new: all 20 were found in the ledger as redeliveries.
    expect(await metricValue(service.url, "tally_cashback_eligible_total")).toBe(0);
    expect(await metricValue(service.url, "tally_cashback_not_paid_again_total", 'kind="redelivered"')).toBe(20);
    const errors = await getJson<unknown[]>(service.url + "/cashback/errors");
    expect(errors).toHaveLength(1); // rewritten under the same key, not doubled
  }, 120_000);
});
