/**
 * Cashback end to end on the real stack: payments produced to Kafka as the original's producer sent
 * them → the cashback service (rules from a file) → the Cassandra ledger, the eligible topic and the
 * errors table → the read routes and metrics. Every rule example, the boundaries, a per-merchant
 * rate and the cap; every error reason, a 10 kB malformed record stored whole; a copy and a
 * conflicting record under paid transaction ids, which are never paid twice.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getJson } from "./billing-harness.ts";
import { CASHBACK_ENTRY, cashbackRun, metricValue, payment, produceValues, readTopic, startService, type RunningService } from "./cashback-harness.ts";

const { payments: PAYMENTS, eligible: ELIGIBLE, deadLetters: DLQ, group: GROUP, stack, env } = cashbackRun("flow", { payments: 3, eligible: 3 });

let dir: string;
let service: RunningService;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tally-cashback-flow-"));
  // The original's rules, plus merch_7 at its own 2.5 % and a cap of 200.00 per transaction.
  await writeFile(
    join(dir, "rules.json"),
    JSON.stringify({ threshold: "500", eligible_merchants: ["merch_1", "merch_3", "merch_7"], percentage: "15", merchant_percentages: { merch_7: "2.5" }, cap_per_transaction: "200.00" }),
  );
  await stack.setUp();
  service = await startService(CASHBACK_ENTRY, env({ CASHBACK_RULES_FILE: join(dir, "rules.json") }));
}, 120_000);

afterAll(async () => {
  service?.kill();
  await stack.tearDown();
  await rm(dir, { recursive: true, force: true });
}, 60_000);

const PAID = [
  payment("trans_1", 742, "merch_1", "cust_3"), // 111.30
  payment("trans_2", 501, "merch_3", "cust_3"), // 75.15
  payment("trans_5", "503.30", "merch_1", "cust_1"), // 75.495 → 75.50
  payment("trans_7", "500.01", "merch_3", "cust_1"), // 75.0015 → 75.00
  payment("trans_8", 1000, "merch_7", "cust_2"), // 2.5 % → 25.00
  payment("trans_9", 5000, "merch_1", "cust_2"), // 750.00 → capped at 200.00
  payment("trans_10", 742, "merch_1", "cust_3", { timestamp: "2025-02-08T13:00:00Z" }), // ISO-8601
];
const NOT_ELIGIBLE = [payment("trans_3", 500, "merch_1"), payment("trans_4", 900, "merch_2"), payment("trans_6", "500.00", "merch_3")];
const BIG = `{"transaction_id":"trans_big","customer_id":"cust_3","note":"${"x".repeat(10_240)}"`; // 10 kB, unterminated
const original = JSON.parse(PAID[0]!) as Record<string, unknown>;
const without = (field: string) => JSON.stringify({ ...original, transaction_id: `no_${field}`, [field]: undefined });
const BAD: [string | null, string][] = [
  ["{oops", "not_json"],
  [BIG, "not_json"],
  ["[1,2]", "not_object"],
  [without("transaction_id"), "missing_transaction_id"],
  [JSON.stringify({ ...original, transaction_id: 17 }), "invalid_transaction_id"],
  [without("customer_id"), "missing_customer_id"],
  [JSON.stringify({ ...original, transaction_id: "bad_c", customer_id: 3 }), "invalid_customer_id"],
  [without("merchant_id"), "missing_merchant_id"],
  [JSON.stringify({ ...original, transaction_id: "bad_m", merchant_id: "" }), "missing_merchant_id"],
  [JSON.stringify({ ...original, transaction_id: "bad_m2", merchant_id: ["merch_1"] }), "invalid_merchant_id"],
  [JSON.stringify({ ...original, transaction_id: "bad_p", product_id: 5 }), "invalid_product_id"],
  [without("timestamp"), "missing_timestamp"],
  [JSON.stringify({ ...original, transaction_id: "bad_t", timestamp: "2025-02-30 13:00:00" }), "invalid_timestamp"],
  [without("amount"), "missing_amount"],
  [JSON.stringify({ ...original, transaction_id: "bad_a", amount: "abc" }), "invalid_amount"],
  [JSON.stringify({ ...original, transaction_id: "bad_n", amount: -5 }), "negative_amount"],
  [JSON.stringify({ ...original, transaction_id: "bad_x", amount: 12.345 }), "amount_too_precise"],
];

describe("cashback flow", () => {
  test("pays each eligible payment once, exactly; keeps every bad record whole; a copy or other contents never pay twice", async () => {
    const first = await produceValues(stack.kafka, PAYMENTS, [...PAID, ...NOT_ELIGIBLE, ...BAD.map(([v]) => v)]);
    await stack.waitCommitted(GROUP, first);
    // Later: a copy of trans_1 (same contents) and trans_2 with other contents.
    const again = await produceValues(stack.kafka, PAYMENTS, [PAID[0]!, payment("trans_2", 999, "merch_3", "cust_3")]);
    await stack.waitCommitted(GROUP, again);

    const eligible = await readTopic(stack.kafka, ELIGIBLE);
    expect(eligible.map((m) => m.key).sort()).toEqual(["trans_1", "trans_10", "trans_2", "trans_5", "trans_7", "trans_8", "trans_9"]);
    const byKey = new Map(eligible.map((m) => [m.key, JSON.parse(m.value) as Record<string, string>]));
    expect(byKey.get("trans_1")).toEqual({ transaction_id: "trans_1", customer_id: "cust_3", amount: "742.00", cashback: "111.30", merchant_id: "merch_1", timestamp: "2025-02-08T13:00:00.000Z" });
    expect(["trans_2", "trans_5", "trans_7", "trans_8", "trans_9"].map((k) => byKey.get(k)!.cashback)).toEqual(["75.15", "75.50", "75.00", "25.00", "200.00"]);

    const rows = await stack.cql.execute(`SELECT transaction_id, cashback, source_topic FROM ${stack.keyspace}.cashback_payments`);
    expect(rows.rows.map((r) => `${r.get("transaction_id")} ${r.get("cashback").toString()}`).sort()).toEqual([
      "trans_1 111.30",
      "trans_10 111.30",
      "trans_2 75.15",
      "trans_5 75.50",
      "trans_7 75.00",
      "trans_8 25.00",
      "trans_9 200.00",
    ]);

    expect(await getJson(service.url + "/cashback/customers/cust_3")).toEqual({ customer_id: "cust_3", transactions: 3, cashback: "297.75" });
    expect(await getJson(service.url + "/cashback/customers/cust_1")).toEqual({ customer_id: "cust_1", transactions: 2, cashback: "150.50" });
    expect(await getJson(service.url + "/cashback/customers/cust_2")).toEqual({ customer_id: "cust_2", transactions: 2, cashback: "225.00" });
    expect(await getJson(service.url + "/cashback/customers/nobody")).toEqual({ customer_id: "nobody", transactions: 0, cashback: "0.00" });
    expect(await getJson(service.url + "/cashback/transactions/trans_2")).toMatchObject({ amount: "501.00", cashback: "75.15", source: { topic: PAYMENTS } });
    expect((await fetch(service.url + "/cashback/transactions/trans_3")).status).toBe(404);

    const errors = await getJson<{ raw: string; reason: string; topic: string; partition: number; offset: string; at: string }[]>(service.url + "/cashback/errors?limit=100");
    const expected = [...BAD.map(([, reason]) => reason), "conflicting_duplicate"].sort();
    expect(errors.map((e) => e.reason).sort()).toEqual(expected);
    expect(errors.find((e) => e.raw.startsWith('{"transaction_id":"trans_big"'))!.raw).toBe(BIG);
    const conflict = errors.find((e) => e.reason === "conflicting_duplicate")!;
    expect(conflict).toMatchObject({ topic: PAYMENTS, partition: again[1]!.partition, offset: again[1]!.offset });
    expect(JSON.parse(conflict.raw)).toMatchObject({ transaction_id: "trans_2", amount: 999 });

    expect(await metricValue(service.url, "tally_cashback_eligible_total")).toBe(7);
    expect(await metricValue(service.url, "tally_cashback_paid_cents_total")).toBe(67325);
    expect(await metricValue(service.url, "tally_cashback_payments_total")).toBe(PAID.length + NOT_ELIGIBLE.length + BAD.length + 2);
    expect(await metricValue(service.url, "tally_cashback_rejected_total")).toBe(BAD.length + 1);
    expect(await metricValue(service.url, "tally_cashback_rejected_total", 'reason="not_json"')).toBe(2);
    expect(await metricValue(service.url, "tally_cashback_not_paid_again_total", 'kind="duplicate"')).toBe(1);
    expect(await metricValue(service.url, "tally_job_dead_letters_total")).toBe(0);

    expect(await getJson(service.url + "/rules")).toMatchObject({ merchant_percentages: { merch_7: "2.5" }, cap_per_transaction: "200.00" });
  }, 90_000);
});
