import { describe, expect, test } from "bun:test";
import { GenerateProduceError } from "@tally/generate";
import { createMetricsRegistry } from "@tally/http-kit";
import { createApp } from "../app.ts";
import { FakeGenerationRunner } from "../fake-generation-runner.ts";
import { Generations } from "../generations.ts";

function setup(apiToken?: string) {
  const runner = new FakeGenerationRunner();
  const generations = new Generations(runner);
  const registry = createMetricsRegistry(false);
  const app = createApp({
    publisher: { publish: async () => [{ partition: 0, offset: "0" }] },
    checks: [],
    registry,
    allowedTopics: ["user-login", "payments"],
    generations,
    generateMaxCount: 1000,
    apiToken,
  });
  return { app, runner, registry };
}

const post = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  body: JSON.stringify(body),
  headers: { "content-type": "application/json", ...headers },
});
const json = async <T = Record<string, unknown>>(res: Response) => (await res.json()) as T;
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("POST /generate", () => {
  test("202 with the running generation and its Location; GET shows progress until done; the metric counts records", async () => {
    const { app, runner, registry } = setup();
    const res = await app.request("/generate", post({ kind: "logins", count: 100, rate: 50, seed: 3, start: 1_700_000_000 }));
    expect(res.status).toBe(202);
    const view = await json(res);
    expect(view).toMatchObject({ kind: "logins", count: 100, rate: 50, seed: 3, start: 1_700_000_000, topic: "user-login", status: "running", sent: 0, total: 100 });
    expect(res.headers.get("location")).toBe(`/generate/${view.id}`);
    expect(runner.started).toEqual([{ kind: "logins", count: 100, rate: 50, seed: 3, start: 1_700_000_000, topic: "user-login" }]);

    runner.step(40);
    expect(await json(await app.request(`/generate/${view.id}`))).toMatchObject({ status: "running", sent: 40 });
    runner.finish();
    await tick();
    expect(await json(await app.request(`/generate/${view.id}`))).toMatchObject({ status: "done", sent: 100 });
    expect(await json<unknown[]>(await app.request("/generate"))).toHaveLength(1);
    expect(await registry.metrics()).toContain('tally_generated_records_total{kind="logins",topic="user-login"} 100');
  });

  test("400 unknown kind (listing the known), 422 count over GENERATE_MAX_COUNT, 422 topic not allowed", async () => {
    const { app, runner } = setup();
    const kind = await app.request("/generate", post({ kind: "trades", count: 1 }));
    expect(kind.status).toBe(400);
    expect(await json(kind)).toEqual({ error: { code: "unknown_kind", message: "unknown kind 'trades'; known kinds: logins, employees, payments" } });
    const big = await app.request("/generate", post({ kind: "logins", count: 1001 }));
    expect(big.status).toBe(422);
    expect((await json<{ error: { code: string } }>(big)).error.code).toBe("count_too_large");
    expect((await app.request("/generate", post({ kind: "logins", count: 1, topic: "other" }))).status).toBe(422);
    expect(runner.started).toHaveLength(0);
  });

  test("429 while one runs; after it ends, another may start", async () => {
    const { app, runner } = setup();
    expect((await app.request("/generate", post({ kind: "logins", count: 10 }))).status).toBe(202);
    const busy = await app.request("/generate", post({ kind: "logins", count: 10 }));
    expect(busy.status).toBe(429);
    expect((await json<{ error: { code: string; message: string } }>(busy)).error).toMatchObject({ code: "too_many_generations" });
    runner.finish();
    await tick();
    expect((await app.request("/generate", post({ kind: "logins", count: 10 }))).status).toBe(202);
  });

  test("422 when the topic is missing on the broker, 503 with Retry-After when Kafka is unreachable", async () => {
    const { app, runner } = setup();
    runner.checkError = new GenerateProduceError("unknown_topic", "topic user-login does not exist on the broker (topics are never auto-created)", 0);
    const missing = await app.request("/generate", post({ kind: "logins", count: 10 }));
    expect(missing.status).toBe(422);
    expect((await json<{ error: { code: string } }>(missing)).error.code).toBe("unknown_topic");
    runner.checkError = new GenerateProduceError("unavailable", "Kafka is unavailable: Connection error", 0);
    const down = await app.request("/generate", post({ kind: "logins", count: 10 }));
    expect(down.status).toBe(503);
    expect(down.headers.get("retry-after")).toBe("5");
  });

  test("POST and DELETE need the bearer token when API_TOKEN is set; GETs do not", async () => {
    const { app } = setup("s3cret");
    expect((await app.request("/generate", post({ kind: "logins", count: 10 }))).status).toBe(401);
    const ok = await app.request("/generate", post({ kind: "logins", count: 10 }, { authorization: "Bearer s3cret" }));
    expect(ok.status).toBe(202);
    const { id } = await json(ok);
    expect((await app.request(`/generate/${id}`)).status).toBe(200);
    expect((await app.request("/generate")).status).toBe(200);
    expect((await app.request(`/generate/${id}`, { method: "DELETE" })).status).toBe(401);
    expect((await app.request(`/generate/${id}`, { method: "DELETE", headers: { authorization: "Bearer s3cret" } })).status).toBe(200);
  });
});

describe("GET and DELETE /generate/{id}", () => {
  test("DELETE cancels a running generation: 200 with status cancelled and how far it got", async () => {
    const { app, runner } = setup();
    const { id } = await json(await app.request("/generate", post({ kind: "logins", count: 100 })));
    runner.step(25);
    const res = await app.request(`/generate/${id}`, { method: "DELETE" });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ id, status: "cancelled", sent: 25 });
  });

  test("404 JSON for an unknown id", async () => {
    const { app } = setup();
    for (const method of ["GET", "DELETE"]) {
      const res = await app.request("/generate/nope", { method });
      expect(res.status).toBe(404);
      expect((await json<{ error: { code: string } }>(res)).error.code).toBe("generation_not_found");
    }
  });

  test("documented in /openapi.json", async () => {
    const doc = await json<{ paths: Record<string, Record<string, unknown>> }>(await setup().app.request("/openapi.json"));
    expect(Object.keys(doc.paths["/generate"]!).sort()).toEqual(["get", "post"]);
    expect(Object.keys(doc.paths["/generate/{id}"]!).sort()).toEqual(["delete", "get"]);
  });
});
