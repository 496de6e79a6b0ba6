/**
 * Cassandra gone for 30 s in the middle of a stream of payments, then back: the cashback service
 * stops committing and retries with backoff (Kafka keeps the payments), writes nothing to the
 * eligible topic ahead of the ledger, dead-letters nothing, and once Cassandra answers again pays
 * every eligible payment exactly once: ledger, per-customer totals and the eligible topic exact.
 * The shared Cassandra is never stopped: the service reaches it through a TCP proxy this test takes
 * down and brings back (its in-flight requests fail as they would if the server died).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { getJson } from "./billing-harness.ts";
import { CASHBACK_ENTRY, cashbackRun, metricValue, produceValues, readTopic, startService, type ProduceAck, type RunningService } from "./cashback-harness.ts";
import { TcpProxy } from "./cashback-tcp-proxy.ts";

const { payments: PAYMENTS, eligible: ELIGIBLE, deadLetters: DLQ, group: GROUP, stack, env } = cashbackRun("outage", { payments: 3, eligible: 3 });
const OUTAGE_MS = 30_000;
const CUSTOMERS = 20;

let proxy: TcpProxy;
let service: RunningService | undefined;

beforeAll(async () => {
  await stack.setUp();
  const [host, port] = stack.stack.cassandra.contactPoints[0]!.split(":");
  proxy = new TcpProxy({ hostname: host!, port: Number(port ?? 9042) });
  const proxyPort = proxy.up();
  service = await startService(CASHBACK_ENTRY, env({ CASSANDRA_CONTACT_POINTS: `127.0.0.1:${proxyPort}`, LAG_REFRESH_MS: "500" }));
}, 120_000);

afterAll(async () => {
  service?.kill();
  proxy?.down();
  await stack.tearDown();
}, 60_000);

/** Payment i: amounts 100.00–999.99 with cents, merchants merch_1..5, customers cust_0..19. */
function payment(i: number): { json: string; cents: bigint; merchant: string; customer: string } {
  const cents = 10_000n + BigInt((i * 7919) % 90_000);
  const merchant = `merch_${1 + (i % 5)}`;
  const customer = `cust_${i % CUSTOMERS}`;
  const amount = `${cents / 100n}.${String(cents % 100n).padStart(2, "0")}`;
  const json = JSON.stringify({ transaction_id: `p${i}`, customer_id: customer, timestamp: "2025-02-08 13:00:00", product_id: "prod_1", amount, merchant_id: merchant });
  return { json, cents, merchant, customer };
}

/** The oracle: the original's rules in integer cents, independent of the service's code. */
function expected(n: number): { eligible: number; perCustomer: Map<string, { transactions: number; cents: bigint }> } {
  const perCustomer = new Map<string, { transactions: number; cents: bigint }>();
  let eligible = 0;
  for (let i = 0; i < n; i++) {
    const p = payment(i);
    if (p.cents <= 50_000n || (p.merchant !== "merch_1" && p.merchant !== "merch_3")) continue;
    eligible++;
    const c = perCustomer.get(p.customer) ?? { transactions: 0, cents: 0n };
    c.transactions++;
    c.cents += (p.cents * 15n + 50n) / 100n; // 15 %, half-up to cents
    perCustomer.set(p.customer, c);
  }
  return { eligible, perCustomer };
}

const money = (cents: bigint) => `${cents / 100n}.${String(cents % 100n).padStart(2, "0")}`;

describe("Cassandra down for 30 s mid-stream", () => {
  test("nothing is lost, nothing is paid twice, nothing is published ahead of the ledger", async () => {
    const N = 3000;
    const acks: ProduceAck[] = [];
    const produce = async (from: number, to: number) => {
      for (let i = from; i < to; i += 100) {
        const values = Array.from({ length: Math.min(100, to - i) }, (_, k) => payment(i + k).json);
        acks.push(...(await produceValues(stack.kafka, PAYMENTS, values, (i / 100) % 3)));
      }
    };

    await produce(0, 1000);
    await stack.waitCommitted(GROUP, acks);
    const beforeOutage = (await readTopic(stack.kafka, ELIGIBLE)).length;

    proxy.down();
    const downAt = Date.now();
    // Copies of payments already paid, and new ones, arrive while Cassandra is away.
    acks.push(...(await produceValues(stack.kafka, PAYMENTS, Array.from({ length: 50 }, (_, k) => payment(k * 20).json), 0)));
    await produce(1000, 2000);
    await Bun.sleep(5000);
    expect((await fetch(service!.url + "/healthz")).status).toBe(503);
    expect((await fetch(service!.url + "/cashback/customers/cust_1")).status).toBe(503);
    const failures = await metricValue(service!.url, "tally_consumer_batch_failures_total");
    expect(failures).toBeGreaterThan(0); // retried, not dropped
    expect((await readTopic(stack.kafka, ELIGIBLE)).length).toBe(beforeOutage); // nothing ahead of the ledger
    await Bun.sleep(Math.max(0, OUTAGE_MS - (Date.now() - downAt)));
    expect(await metricValue(service!.url, "tally_job_dead_letters_total")).toBe(0); // an outage is not poison
    proxy.up();

    await produce(2000, N);
    await stack.waitCommitted(GROUP, acks, 120_000);

    const want = expected(N);
    const ledger = await stack.cql.execute(`SELECT count(*) AS n FROM ${stack.keyspace}.cashback_payments`);
    expect(Number(ledger.first()!.get("n"))).toBe(want.eligible);
    for (let c = 0; c < CUSTOMERS; c++) {
      const w = want.perCustomer.get(`cust_${c}`) ?? { transactions: 0, cents: 0n };
      expect(await getJson(service!.url + `/cashback/customers/cust_${c}`)).toEqual({ customer_id: `cust_${c}`, transactions: w.transactions, cashback: money(w.cents) });
    }
    const eligible = await readTopic(stack.kafka, ELIGIBLE);
    const bodies = new Map<string, Set<string>>();
    for (const m of eligible) bodies.set(m.key!, (bodies.get(m.key!) ?? new Set()).add(m.value));
    expect(bodies.size).toBe(want.eligible);
    expect([...bodies.values()].every((b) => b.size === 1)).toBe(true);
    expect(await metricValue(service!.url, "tally_job_dead_letters_total")).toBe(0);
    expect(await metricValue(service!.url, "tally_cashback_eligible_total")).toBe(want.eligible);
    const total = [...want.perCustomer.values()].reduce((s, c) => s + c.cents, 0n);
    expect(await metricValue(service!.url, "tally_cashback_paid_cents_total")).toBe(Number(total));
  }, 240_000);
});
