import { afterAll, describe, expect, test } from "bun:test";
import { createMetricsRegistry, createServiceApp } from "@tally/http-kit";
import type { Server } from "bun";
import { registerProcessRoutes } from "./process.ts";

type Path = "hono" | "native";
const servers: Server<undefined>[] = [];
afterAll(() => servers.forEach((s) => s.stop(true)));

/**
 * The route behind either dispatcher: Hono's `app.request` in process, or a real Bun.serve whose native
 * router answers /process (as `serve` runs it) — the same answers are asserted of both.
 */
function setup(path: Path, opts: { apiToken?: string; bodyLimitBytes?: number; maxRecords?: number } = {}) {
  const registry = createMetricsRegistry(false);
  const { app, docs, hot } = createServiceApp({ service: "consumer", registry, checks: [], apiToken: opts.apiToken, bodyLimitBytes: opts.bodyLimitBytes });
  registerProcessRoutes(hot, docs, { maxRecords: opts.maxRecords });
  let server: Server<undefined> | undefined;
  const post = (body: string, query = "", headers: Record<string, string> = {}) => {
    const init = { method: "POST", body, headers: { "content-type": "application/json", ...headers } };
    if (path === "hono") return app.request(`/process${query}`, init);
    if (!server) {
      server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: app.fetch, routes: hot.bunRoutes() } as Parameters<typeof Bun.serve>[0]) as Server<undefined>;
      servers.push(server);
    }
    return fetch(`${server.url.origin}/process${query}`, init);
  };
  return { app, post, registry };
}

const LOCUST = '[{"id":1,"gender":"M","salary":5000},{"id":2,"gender":"F","salary":6000},{"id":3,"gender":"M","salary":5500}]';

describe.each(["hono", "native"] as const)("POST /process via %s", (path) => {
  test("the original's answer, byte for byte, as application/json", async () => {
    const res = await setup(path).post(LOCUST);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toStartWith("application/json");
    expect(await res.text()).toBe('[{"gender":"F","average_salary":6000.0,"count":1},{"gender":"M","average_salary":5250.0,"count":2}]');
  });

  test("?view=full lists refused records; an unknown view is 400", async () => {
    const { post } = setup(path);
    const res = await post('[{"gender":"M","salary":5000,"age":30},{"gender":"","salary":-1}]', "?view=full");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ count: 1, rejected: [{ index: 1, reason: "gender is empty" }], age: { min: 30, max: 30 } });
    const bad = await post(LOCUST, "?view=pretty");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: { code: "invalid_query", message: "view must be default or full" } });
  });

  test("empty array: 200 []", async () => {
    const res = await setup(path).post("[]");
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("[]");
  });

  test("not JSON or not an array: 400 JSON errors", async () => {
    const { post } = setup(path);
    for (const [body, code] of [["[{", "malformed_json"], ["", "malformed_json"], ['{"gender":"M","salary":1}', "not_an_array"], ['"x"', "not_an_array"]] as const) {
      const res = await post(body);
      expect([body, res.status]).toEqual([body, 400]);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    }
  });

  test("over the body limit or over PROCESS_MAX_RECORDS: 413", async () => {
    const big = await setup(path, { bodyLimitBytes: 64 }).post(LOCUST);
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe("payload_too_large");
    const many = await setup(path, { maxRecords: 2 }).post(LOCUST);
    expect(many.status).toBe(413);
    expect(await many.json()).toEqual({ error: { code: "too_many_records", message: "request body holds 3 records; at most 2 are accepted (PROCESS_MAX_RECORDS)" } });
  });

  test("open without API_TOKEN (as the original); with it, a bearer token is required", async () => {
    expect((await setup(path).post(LOCUST)).status).toBe(200);
    const { post } = setup(path, { apiToken: "s3cret" });
    expect((await post(LOCUST)).status).toBe(401);
    expect((await post(LOCUST, "", { authorization: "Bearer s3cret" })).status).toBe(200);
  });

  test("measured by the request metrics under its route", async () => {
    const { post, registry } = setup(path);
    await post(LOCUST);
    expect(await registry.metrics()).toContain('tally_http_request_duration_seconds_count{service="consumer",method="POST",route="/process",status="200"} 1');
  });

  test("documented in OpenAPI with the view parameter and examples", async () => {
    const doc = (await (await setup(path).app.request("/openapi.json")).json()) as any;
    const op = doc.paths["/process"].post;
    expect(op.parameters).toEqual([expect.objectContaining({ name: "view", in: "query" })]);
    expect(op.requestBody.content["application/json"].example).toEqual(JSON.parse(LOCUST));
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(["200", "400", "413"]));
    expect(op.responses["200"].content["application/json"].schema.oneOf[0].example).toEqual([
      { gender: "F", average_salary: 6000, count: 1 },
      { gender: "M", average_salary: 5250, count: 2 },
    ]);
  });
});
