import { describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { healthHandler, runHealthChecks, type HealthCheck } from "./health.ts";

const ok = (name: string): HealthCheck => ({ name, check: async () => {} });

describe("health", () => {
  test("all ok is 200", async () => {
    const app = new Hono().get("/healthz", healthHandler([ok("kafka"), ok("cassandra")]));
    const res = await app.request("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", checks: { kafka: "ok", cassandra: "ok" } });
  });

  test("a failing check is 503 with its message", async () => {
    const bad: HealthCheck = { name: "cassandra", check: async () => { throw new Error("All host(s) tried"); } };
    const app = new Hono().get("/healthz", healthHandler([ok("kafka"), bad]));
    const res = await app.request("/healthz");
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      status: "fail",
      checks: { kafka: "ok", cassandra: "All host(s) tried" },
      error: { code: "unhealthy", message: "cassandra: All host(s) tried" },
    });
  });

  test("a hanging check times out instead of hanging the probe", async () => {
    const hang: HealthCheck = { name: "kafka", timeoutMs: 30, check: () => new Promise(() => {}) };
    const started = performance.now();
    const report = await runHealthChecks([hang]);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(report.checks.kafka).toBe("kafka check timed out after 30 ms");
  });
});
