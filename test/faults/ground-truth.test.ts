import { describe, expect, test } from "bun:test";
import { cents, diff, groundTruth, loginCell } from "./ground-truth.ts";
import { chunks } from "./feeders.ts";
import { buildPhase, LOGIN_CHUNK, LOGIN_WINDOW_SECONDS, loginRange, phaseEvents, phaseSizes, type Phase } from "./mixed-stream.ts";

describe("fault-suite ground truth", () => {
  test("hand-checked totals for a tiny stream", () => {
    const p: Phase = {
      index: 0,
      apiMessages: [{ key: "k", text: "2025-05-02T00:00:00Z u1 login 200 1001ms\n2025-05-02T00:00:01Z u1 createOrder 200 3ms\n" }],
      logins: [[JSON.stringify({ device_type: "ios", locale: "", timestamp: "1700000019" })], [JSON.stringify({ device_type: "ios", locale: "US", timestamp: "1700000020" })], []],
      billingFiles: [{ name: "a.csv", text: "service,cost,company\ns,10.05,A\ns,0.95,A\n" }],
      payments: [JSON.stringify({ transaction_id: "t", customer_id: "c", amount: "503.30", merchant_id: "merch_1" }), JSON.stringify({ transaction_id: "t2", customer_id: "c", amount: "500.00", merchant_id: "merch_1" })],
    };
    const t = groundTruth([p]);
    // 1001 × 0.005 + 3 × 0.010 = 5.035 → 5.04 (half up, once, at the end)
    expect(t.apiUsage.get("u1")).toEqual({ total_duration_ms: 1004, requests: 2, total_cost: "5.04" });
    // 11.00 → × 0.98 = 10.78, × 0.05 = 0.55
    expect(t.billing.get("A")).toEqual({ total_cost: "11.00", discounted_cost: "10.78", tech_fee: "0.55" });
    expect(t.logins.get(loginCell("2023-11-14T22:13:20Z", "total", null))).toBe(1);
    expect(t.logins.get(loginCell("2023-11-14T22:13:20Z", "locale", "unknown"))).toBe(1);
    expect(t.logins.get(loginCell("2023-11-14T22:13:40Z", "locale", "US"))).toBe(1);
    // 503.30 × 15 % = 75.495 → 75.50; 500.00 is not above the threshold
    expect(t.cashback.get("c")).toEqual({ transactions: 1, cashback: "75.50" });
  });

  test("phases hold the requested event counts, deterministically", () => {
    const sizes = phaseSizes(10_000, 5);
    const a = buildPhase(2, sizes[2]!, 7, "r");
    expect(phaseEvents(a)).toBe(2000);
    expect(buildPhase(2, sizes[2]!, 7, "r")).toEqual(a);
    expect(new Set(a.apiMessages.map((m) => m.key)).size).toBe(a.apiMessages.length);
  });

  test("each login chunk has windows of its own, later than every chunk sent before it, inside loginRange", () => {
    const size = { apiLines: 0, logins: 7000, billingRows: 0, payments: 0 };
    const p = buildPhase(1, size, 3, "r");
    const [from, to] = loginRange(1, size.logins);
    const sent = p.logins.flatMap((values, partition) => chunks(values, LOGIN_CHUNK).map((c, i) => ({ i, partition, c }))).sort((a, b) => a.i - b.i || a.partition - b.partition);
    let last = -Infinity;
    const windowOf = (e: string) => Math.floor(Number((JSON.parse(e) as { timestamp: string }).timestamp) / LOGIN_WINDOW_SECONDS);
    for (const { c } of sent) {
      const windows = new Set(c.map(windowOf));
      expect(Math.min(...windows)).toBeGreaterThan(last);
      last = Math.max(...windows);
      for (const e of c) {
        const t = Number((JSON.parse(e) as { timestamp: string }).timestamp);
        expect(t >= from && t < to).toBe(true);
      }
    }
  });

  test("cents and diff", () => {
    expect([cents(0n), cents(5n), cents(12345n)]).toEqual(["0.00", "0.05", "123.45"]);
    expect(diff("user", new Map([["a", 1]]), new Map([["a", 2], ["b", 3]]))).toEqual(["user a: expected 1, got 2", "user b: expected nothing, got 3"]);
  });
});
