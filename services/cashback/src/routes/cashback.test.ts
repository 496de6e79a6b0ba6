import { describe, expect, test } from "bun:test";
import { createMetricsRegistry } from "@tally/http-kit";
import { createApp } from "../app.ts";
import type { StoredError } from "../errors-table/errors-reader.ts";
import type { StoredPayment } from "../ledger/ledger-reader.ts";
import { DEFAULT_RULES } from "../rules/cashback-rules.ts";
import type { CashbackQueries } from "./cashback.ts";

const stored: StoredPayment = {
  payment: {
    transactionId: "trans_1",
    customerId: "cust_3",
    merchantId: "merch_1",
    productId: "prod_5",
    amount: { units: 74200n, scale: 2 },
    cashback: { units: 11130n, scale: 2 },
    timeMs: Date.UTC(2025, 1, 8, 13),
    source: { topic: "payments", partition: 1, offset: "41" },
  },
  paidAt: new Date(Date.UTC(2026, 0, 1)),
};
const error: StoredError = { raw: "{oops", reason: "not_json", detail: "not JSON", topic: "payments", partition: 0, offset: "7", at: "2026-01-01T00:00:00.000Z", recorded_at: "2026-01-01T00:00:01.000Z" };

function app(queries: Partial<CashbackQueries> = {}) {
  const limits: number[] = [];
  const all: CashbackQueries = {
    payment: async (id) => (id === "trans_1" ? stored : null),
    customer: async (id) => ({ customer_id: id, transactions: 2, cashback: "186.45" }),
    recent: async (limit) => {
      limits.push(limit);
      return [error];
    },
    ...queries,
  };
  const controller = { start: async () => {}, stop: async () => {}, state: () => ({ running: false }) };
  return { limits, app: createApp({ controller, registry: createMetricsRegistry(false), checks: [], rules: DEFAULT_RULES, rulesFile: "r.json", queries: all }) };
}

const body = async (res: Response) => [res.status, await res.json()] as const;

describe("cashback read routes", () => {
  test("a customer's transactions and cashback, exact", async () => {
    expect(await body(await app().app.request("/cashback/customers/cust_3"))).toEqual([200, { customer_id: "cust_3", transactions: 2, cashback: "186.45" }]);
  });

  test("a transaction's ledger row, or a JSON 404", async () => {
    const a = app().app;
    expect(await body(await a.request("/cashback/transactions/trans_1"))).toEqual([
      200,
      {
        transaction_id: "trans_1",
        customer_id: "cust_3",
        merchant_id: "merch_1",
        product_id: "prod_5",
        amount: "742.00",
        cashback: "111.30",
        timestamp: "2025-02-08T13:00:00.000Z",
        source: { topic: "payments", partition: 1, offset: "41" },
        paid_at: "2026-01-01T00:00:00.000Z",
      },
    ]);
    const [status, missing] = await body(await a.request("/cashback/transactions/nope"));
    expect(status).toBe(404);
    expect((missing as { error: { code: string } }).error.code).toBe("not_found");
    expect((await a.request(`/cashback/transactions/${"x".repeat(257)}`)).status).toBe(400);
  });

  test("the newest errors, limit checked", async () => {
    const { app: a, limits } = app();
    expect(await body(await a.request("/cashback/errors?limit=5"))).toEqual([200, [error]]);
    expect((await a.request("/cashback/errors")).status).toBe(200);
    expect(limits).toEqual([5, 100]);
    for (const bad of ["0", "1001", "abc", "-1", "1.5"]) {
      const [status, b] = await body(await a.request(`/cashback/errors?limit=${bad}`));
      expect([status, (b as { error: { code: string } }).error.code]).toEqual([400, "invalid_query"]);
    }
  });

  test("Cassandra down is a JSON 503", async () => {
    const down = async () => {
      throw new Error("no Cassandra host reachable");
    };
    const a = app({ payment: down, customer: down, recent: down }).app;
    for (const path of ["/cashback/customers/c", "/cashback/transactions/t", "/cashback/errors"]) {
      const [status, b] = await body(await a.request(path));
      expect([status, (b as { error: { code: string } }).error.code]).toEqual([503, "cassandra_unavailable"]);
    }
  });
});
