import { describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { Registry } from "prom-client";
import { handleError, handleNotFound, HttpError } from "../errors.ts";
import { requestMetrics } from "./request-metrics.ts";

function setup(): { app: Hono; registry: Registry } {
  const registry = new Registry();
  const app = new Hono();
  app.onError(handleError);
  app.notFound(handleNotFound);
  app.use("*", requestMetrics("svc", registry));
  app.get("/items/:id", (c) => c.text(c.req.param("id")));
  app.post("/fail", () => {
    throw new HttpError(422, "nope", "nope");
  });
  return { app, registry };
}

describe("requestMetrics", () => {
  test("labels by route pattern, not by raw path", async () => {
    const { app, registry } = setup();
    await app.request("/items/1");
    await app.request("/items/2");
    const text = await registry.metrics();
    expect(text).toContain(
      'tally_http_request_duration_seconds_count{service="svc",method="GET",route="/items/:id",status="200"} 2',
    );
    expect(text).not.toContain("/items/1");
  });

  test("errors and 404s are recorded with their status", async () => {
    const { app, registry } = setup();
    await app.request("/fail", { method: "POST" });
    await app.request("/random/path/123");
    const text = await registry.metrics();
    expect(text).toContain('route="/fail",status="422"');
    expect(text).toContain('route="unmatched",status="404"');
    expect(text).not.toContain("/random/path");
  });
});
