import { describe, expect, test } from "bun:test";
import { jobHarness } from "@tally/pipeline/testing";
import { cashbackJob } from "./cashback-job.ts";
import { testWiring } from "./test-wiring.ts";

const payment = (id: string, amount: unknown, merchant = "merch_1", extra: Record<string, unknown> = {}) =>
  JSON.stringify({ transaction_id: id, customer_id: "cust_3", timestamp: "2025-02-08 13:00:00", product_id: "prod_5", amount, merchant_id: merchant, ...extra });

/** A metric's value from Prometheus text ("" labels: the unlabelled series). */
const metric = (text: string, name: string, labels = "") => {
  const line = text.split("\n").find((l) => l.startsWith(labels ? `${name}{${labels}} ` : `${name} `));
  return line === undefined ? undefined : Number(line.split(" ").pop());
};

function setUp() {
  const t = testWiring();
  return { ...t, harness: jobHarness(cashbackJob(t.wiring)) };
}

describe("cashback job", () => {
  test("the original's record: one ledger row, one eligible message keyed by transaction_id, money as decimal strings", async () => {
    const { harness, db, kafka } = setUp();
    const outcome = await harness.handle([payment("trans_1", 742)], { partition: 2, firstOffset: 40 });
    expect(outcome).toMatchObject({ records: 1, rejected: 0, deadLetters: 0 });
    const [row] = db.inserts("cashback_payments");
    expect(row!.slice(1, 5)).toEqual(["trans_1", "cust_3", "merch_1", "prod_5"]);
    expect(row!.slice(5, 7).map(String)).toEqual(["742.00", "111.30"]);
    expect((row![7] as Date).toISOString()).toBe("2025-02-08T13:00:00.000Z");
    expect(row!.slice(8, 11).map(String)).toEqual(["payments", "2", "40"]);
    expect(db.statements[0]!.query).toEndWith("IF NOT EXISTS");
    expect(kafka.messages("cashback-eligible")).toEqual([
      {
        key: "trans_1",
        value: '{"transaction_id":"trans_1","customer_id":"cust_3","amount":"742.00","cashback":"111.30","merchant_id":"merch_1","timestamp":"2025-02-08T13:00:00.000Z"}',
      },
    ]);
    expect(harness.deadLetters).toEqual([]);
  });

  test("issue 11's examples and the boundaries, in one batch: only the eligible ones are paid, exactly", async () => {
    const { harness, kafka } = setUp();
    await harness.handle([
      payment("t1", 742, "merch_1"),
      payment("t2", 501, "merch_3"),
      payment("t3", 500, "merch_1"),
      payment("t4", 900, "merch_2"),
      payment("t5", 503.3, "merch_1"),
      payment("t6", "500.00", "merch_1"),
      payment("t7", "500.01", "merch_3"),
    ]);
    const paid = kafka.messages("cashback-eligible").map((m) => JSON.parse(m.value) as { transaction_id: string; cashback: string });
    expect(paid.map((p) => `${p.transaction_id} ${p.cashback}`)).toEqual(["t1 111.30", "t2 75.15", "t5 75.50", "t7 75.00"]);
  });

  test("bad records go to the errors table whole, with reason and coordinates; the rest of the batch is paid", async () => {
    const { harness, db, kafka, registry } = setUp();
    const big = `{"transaction_id":"x","note":"${"z".repeat(10_000)}"`; // 10 kB, not JSON
    const outcome = await harness.handle([big, payment("ok1", 800), payment("bad", -5), "null", payment("ok2", 900, "merch_3")], { firstOffset: 100 });
    expect(outcome).toMatchObject({ records: 5, rejected: 3 });
    const errors = db.inserts("cashback_errors");
    expect(errors.map((e) => [e[4]!.toString(), e[6]])).toEqual([
      ["100", "not_json"],
      ["102", "negative_amount"],
      ["103", "not_object"],
    ]);
    expect(Buffer.from(errors[0]![5] as Buffer).toString()).toBe(big);
    expect(db.inserts("cashback_error_days")).toEqual([["all", expect.anything()]]);
    expect(kafka.messages("cashback-eligible").map((m) => m.key)).toEqual(["ok1", "ok2"]);
    const text = await registry.metrics();
    expect(metric(text, "tally_cashback_payments_total")).toBe(5);
    expect(metric(text, "tally_cashback_rejected_total", 'reason="not_json"')).toBe(1);
    expect(metric(text, "tally_cashback_rejected_total", 'reason="missing_customer_id"')).toBe(0);
    expect(metric(text, "tally_cashback_eligible_total")).toBe(2);
    expect(metric(text, "tally_cashback_paid_cents_total")).toBe(12000 + 13500);
    expect(metric(await harness.metrics(), "tally_job_records_rejected_total", 'job_name="cashback"')).toBe(3);
  });

  test("copies of one transaction in a batch are paid once; other contents under its id are an error", async () => {
    const { harness, db, kafka, registry } = setUp();
    await harness.handle([payment("t1", 742), payment("t1", 742), payment("t1", 743), payment("t2", 600)]);
    expect(db.inserts("cashback_payments").map((r) => r[1])).toEqual(["t1", "t2"]);
    expect(kafka.messages("cashback-eligible").map((m) => m.key)).toEqual(["t1", "t2"]);
    expect(db.inserts("cashback_errors").map((e) => e[6])).toEqual(["conflicting_duplicate"]);
    const text = await registry.metrics();
    expect(metric(text, "tally_cashback_not_paid_again_total", 'kind="duplicate"')).toBe(1);
    expect(metric(text, "tally_cashback_rejected_total", 'reason="conflicting_duplicate"')).toBe(1);
  });

  test("Cassandra down: the batch fails retriably and nothing reaches the eligible topic ahead of the ledger", async () => {
    const { harness, db, kafka, registry } = setUp();
    db.failWith(Object.assign(new Error("All host(s) tried for query failed"), { name: "NoHostAvailableError" }));
    const error = await harness.handle([payment("t1", 742)]).catch((e: unknown) => e);
    expect(error).toMatchObject({ retriable: true });
    expect(kafka.sent).toEqual([]);
    expect(metric(await registry.metrics(), "tally_cashback_payments_total")).toBe(0);
  });

  test("Kafka down after the ledger claim: the batch fails retriably (redelivered, then republished)", async () => {
    const { harness, kafka } = setUp();
    kafka.fail(Object.assign(new Error("Connection error"), { name: "KafkaJSConnectionError" }));
    expect(await harness.handle([payment("t1", 742)]).catch((e: unknown) => e)).toMatchObject({ retriable: true });
  });
});
