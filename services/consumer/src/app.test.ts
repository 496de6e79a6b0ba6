import { describe, expect, test } from "bun:test";
import { createMetricsRegistry } from "@tally/http-kit";
import { parseDecimal } from "@tally/decimal";
import { createApp } from "./app.ts";
import type { BillingQueries } from "./routes/billing.ts";

const parseExact = (text: string) => parseDecimal(text)!;

/** Enough of a consume loop for the routes: it counts starts. */
function fakeController() {
  const c = { loops: 0, running: false, start: async () => void (c.running = true, c.loops++), stop: async () => void (c.running = false), state: () => ({ running: c.running }) };
  return c;
}

/** Stored rows in memory; `down` makes every read fail as Cassandra would. */
class FakeBilling implements BillingQueries {
  down = false;
  companies = [
    { company: "B", source: "r1.csv", total: parseExact("28.00") },
    { company: "A", source: "r1.csv", total: parseExact("66.00") },
    { company: "A", source: "r2.csv", total: parseExact("112.96") },
    { company: "A", source: "r3.csv", total: parseExact("67.00") },
  ];
  usage = [
    { user: "user2", source: "t/0/1", durationMs: 10n, requests: 1n, cost: parseExact("0.0025") },
    { user: "user10", source: "t/0/1", durationMs: 5n, requests: 2n, cost: parseExact("0.0025") },
    { user: "user2", source: "t/0/2", durationMs: 20n, requests: 1n, cost: parseExact("0.0025") },
  ];
  async companySums(company?: string) {
    if (this.down) throw new Error("no Cassandra host reachable");
    return this.companies.filter((r) => company === undefined || r.company === company);
  }
  async usageSums(user?: string) {
    if (this.down) throw new Error("no Cassandra host reachable");
    return this.usage.filter((r) => user === undefined || r.user === user);
  }
}

/** Login rows in memory: the queried ranges are recorded; `down` fails like Cassandra. */
function fakeLogins() {
  const asked: [number, number][] = [];
  const f = {
    asked,
    down: false,
    queries: {
      async windows(from: number, to: number) {
        if (f.down) throw new Error("no Cassandra host reachable");
        asked.push([from, to]);
        return [{ window_start: "2023-09-12T00:45:40Z", window_end: "2023-09-12T00:46:00Z", record_type: "total", value: null, count: 3, final: true }];
      },
      async latest(n: number) {
        asked.push([-n, -n]);
        return [];
      },
    },
  };
  return f;
}

function setup(apiToken?: string) {
  const controller = fakeController();
  const billing = new FakeBilling();
  const logins = fakeLogins();
  const app = createApp({ controller, billing, logins: { queries: logins.queries, windowSeconds: 20 }, registry: createMetricsRegistry(false), checks: [], apiToken });
  return { app, controller, billing, logins };
}

describe("GET /analytics/logins", () => {
  test("takes ISO-8601 or epoch seconds, [from, to)", async () => {
    const { app, logins } = setup();
    const res = await app.request("/analytics/logins?from=2023-09-12T00:45:00Z&to=1694479600");
    expect(res.status).toBe(200);
    expect(((await res.json()) as unknown[]).length).toBe(1);
    expect(logins.asked).toEqual([[Date.parse("2023-09-12T00:45:00Z"), 1_694_479_600_000]]);
  });

  test("400 with a JSON error for a bad range; 503 when Cassandra is down", async () => {
    const { app, logins } = setup();
    expect((await app.request("/analytics/logins?last=15")).status).toBe(200);
    expect(logins.asked.at(-1)).toEqual([-15, -15]);
    for (const q of ["", "?from=1", "?from=x&to=2", "?from=10&to=10", "?from=0&to=999999999", "?last=0", "?last=abc"]) {
      const res = await app.request(`/analytics/logins${q}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_range");
    }
    logins.down = true;
    expect((await app.request("/analytics/logins?from=0&to=20")).status).toBe(503);
  });
});

describe("billing routes", () => {
  test("GET /billing sums files per company, applies fees, sorts by company", async () => {
    const res = await setup().app.request("/billing");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([
      { company: "A", total_cost: "245.96", discounted_cost: "241.04", tech_fee: "12.30" },
      { company: "B", total_cost: "28.00", discounted_cost: "27.44", tech_fee: "1.40" },
    ]);
  });

  test("GET /billing?company= filters; unknown is empty; empty filter is 400", async () => {
    const { app } = setup();
    expect(await (await app.request("/billing?company=B")).json()).toEqual([{ company: "B", total_cost: "28.00", discounted_cost: "27.44", tech_fee: "1.40" }]);
    expect(await (await app.request("/billing?company=Z")).json()).toEqual([]);
    const bad = await app.request("/billing?company=");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("invalid_query");
  });

  test("GET /billing/api-usage rounds the exact sum once, sorted by user id as a string", async () => {
    const { app } = setup();
    expect(await (await app.request("/billing/api-usage")).json()).toEqual([
      { user: "user10", total_duration_ms: 5, requests: 2, total_cost: "0.00" },
      { user: "user2", total_duration_ms: 30, requests: 2, total_cost: "0.01" },
    ]);
    expect(await (await app.request("/billing/api-usage?user=user10")).json()).toEqual([{ user: "user10", total_duration_ms: 5, requests: 2, total_cost: "0.00" }]);
  });

  test("503 JSON when Cassandra is down", async () => {
    const { app, billing } = setup();
    billing.down = true;
    for (const path of ["/billing", "/billing/api-usage"]) {
      const res = await app.request(path);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("cassandra_unavailable");
    }
  });

  test("both routes are in the OpenAPI document", async () => {
    const spec = (await (await setup().app.request("/openapi.json")).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(["/billing", "/billing/api-usage"]));
  });
});

test("the consumer mounts the kit's /consume routes", async () => {
  const { app, controller } = setup();
  expect((await app.request("/consume", { method: "POST" })).status).toBe(202);
  expect(controller.loops).toBe(1);
  const doc = (await (await app.request("/openapi.json")).json()) as { paths: Record<string, object> };
  expect(Object.keys(doc.paths["/consume"] ?? {}).sort()).toEqual(["delete", "get", "post"]);
});
