import { describe, expect, test } from "bun:test";
import { createMetricsRegistry } from "@tally/http-kit";
import { createApp } from "./app.ts";

const controller = { start: async () => {}, stop: async () => {}, state: () => ({ running: false }) };

describe("cashback app", () => {
  test("healthz reflects its checks", async () => {
    const registry = createMetricsRegistry(false);
    const ok = createApp({ controller, registry, checks: [{ name: "kafka", check: async () => {} }] });
    expect((await ok.request("/healthz")).status).toBe(200);
    const down = createApp({
      controller,
      registry: createMetricsRegistry(false),
      checks: [{ name: "cassandra", check: async () => { throw new Error("NoHostAvailableError"); } }],
    });
    const res = await down.request("/healthz");
    expect(res.status).toBe(503);
    expect(((await res.json()) as { checks: Record<string, string> }).checks.cassandra).toBe("NoHostAvailableError");
  });

  test("metrics, openapi and docs answer; unknown routes are JSON 404", async () => {
    const app = createApp({ controller, registry: createMetricsRegistry(false), checks: [] });
    expect((await app.request("/metrics")).status).toBe(200);
    expect(((await (await app.request("/openapi.json")).json()) as { info: { title: string } }).info.title).toBe(
      "tally cashback",
    );
    expect((await app.request("/docs")).status).toBe(200);
    expect((await app.request("/cashback")).status).toBe(404);
    expect(await (await app.request("/consume")).json()).toEqual({ running: false });
  });
});
