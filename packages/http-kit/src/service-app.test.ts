import { describe, expect, test } from "bun:test";
import { createMetricsRegistry } from "./metrics.ts";
import { createServiceApp } from "./service-app.ts";

function build(apiToken?: string) {
  const registry = createMetricsRegistry();
  const kit = createServiceApp({
    service: "demo",
    registry,
    apiToken,
    bodyLimitBytes: 16,
    checks: [{ name: "kafka", check: async () => {} }],
  });
  kit.app.post("/things", (c) => c.json({ ok: true }, 201));
  kit.docs.add({ method: "post", path: "/things", summary: "add", responses: { 201: { description: "made" } } });
  return { ...kit, registry };
}

describe("createServiceApp", () => {
  test("serves healthz, metrics, openapi and docs", async () => {
    const { app } = build();
    expect((await app.request("/healthz")).status).toBe(200);
    const metrics = await app.request("/metrics");
    expect(metrics.headers.get("content-type")).toContain("text/plain");
    const text = await metrics.text();
    expect(text).toContain("process_cpu_user_seconds_total");
    expect(text).toContain('route="/healthz"');
    const doc = (await (await app.request("/openapi.json")).json()) as { openapi: string; paths: object };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(["/healthz", "/metrics", "/things"]);
    const docs = await app.request("/docs");
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain("/openapi.json");
  });

  test("middleware applies to routes added afterwards", async () => {
    const { app } = build("tok");
    expect((await app.request("/things", { method: "POST" })).status).toBe(401);
    const big = await app.request("/things", {
      method: "POST",
      headers: { authorization: "Bearer tok" },
      body: "x".repeat(17),
    });
    expect(big.status).toBe(413);
    const ok = await app.request("/things", { method: "POST", headers: { authorization: "Bearer tok" }, body: "{}" });
    expect(ok.status).toBe(201);
  });

  test("unknown routes are JSON 404", async () => {
    const res = await build().app.request("/nope");
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });
});
