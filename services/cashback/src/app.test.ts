import { describe, expect, test } from "bun:test";
import { createMetricsRegistry } from "@tally/http-kit";
import { createApp, type CashbackDeps } from "./app.ts";
import { DEFAULT_RULES } from "./rules/cashback-rules.ts";

const controller = { start: async () => {}, stop: async () => {}, state: () => ({ running: false }) };
const queries = { payment: async () => null, customer: async (id: string) => ({ customer_id: id, transactions: 0, cashback: "0.00" }), recent: async () => [] };

function app(overrides: Partial<CashbackDeps> = {}) {
  return createApp({ controller, registry: createMetricsRegistry(false), checks: [], rules: DEFAULT_RULES, rulesFile: "/repo/config/cashback-rules.json", queries, ...overrides });
}

describe("cashback app", () => {
  test("healthz reflects its checks", async () => {
    expect((await app({ checks: [{ name: "kafka", check: async () => {} }] }).request("/healthz")).status).toBe(200);
    const down = app({ checks: [{ name: "cassandra", check: async () => { throw new Error("NoHostAvailableError"); } }] });
    const res = await down.request("/healthz");
    expect(res.status).toBe(503);
    expect(((await res.json()) as { checks: Record<string, string> }).checks.cassandra).toBe("NoHostAvailableError");
  });

  test("metrics, openapi and docs answer; unknown routes are JSON 404", async () => {
    const a = app();
    expect((await a.request("/metrics")).status).toBe(200);
    const doc = (await (await a.request("/openapi.json")).json()) as { info: { title: string }; paths: Record<string, unknown> };
    expect(doc.info.title).toBe("tally cashback");
    expect(Object.keys(doc.paths)).toContain("/rules");
    expect((await a.request("/docs")).status).toBe(200);
    const missing = await a.request("/nope");
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("not_found");
    expect(await (await a.request("/consume")).json()).toEqual({ running: false });
  });

  test("GET /rules shows the rules in force as exact decimal strings", async () => {
    const res = await app().request("/rules");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      threshold: "500",
      eligible_merchants: ["merch_1", "merch_3"],
      percentage: "15",
      merchant_percentages: {},
      cap_per_transaction: null,
      file: "/repo/config/cashback-rules.json",
    });
  });
});
