import { describe, expect, test } from "bun:test";
import { createMetricsRegistry, type HealthCheck } from "@tally/http-kit";
import { createApp, type ProducerDeps } from "./app.ts";
import { FakeGenerationRunner } from "./fake-generation-runner.ts";
import { Generations } from "./generations.ts";
import { FakePublisher } from "./fake-publisher.ts";
import { PublishError } from "./publisher.ts";

function setup(overrides: Partial<ProducerDeps> = {}) {
  const publisher = new FakePublisher();
  const registry = createMetricsRegistry(false);
  const checks: HealthCheck[] = [
    { name: "kafka", check: async () => {} },
    { name: "cassandra", check: async () => {} },
  ];
  const generations = new Generations(new FakeGenerationRunner());
  const app = createApp({ publisher, registry, checks, allowedTopics: ["billing-files", "payments"], generations, generateMaxCount: 1000, ...overrides });
  return { app, publisher, registry };
}

const post = (body: string, headers: Record<string, string> = {}) => ({
  method: "POST",
  body,
  headers: { "content-type": "application/json", ...headers },
});

describe("POST /produce", () => {
  test("202 with topic, partition, offset; counts the message", async () => {
    const { app, publisher, registry } = setup();
    const res = await app.request("/produce", post('{"topic":"billing-files","message":"/data/b.csv"}'));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ topic: "billing-files", partition: 0, offset: "0" });
    expect(publisher.sent).toEqual([{ topic: "billing-files", messages: [{ value: "/data/b.csv" }] }]);
    expect(await registry.metrics()).toContain('tally_produced_messages_total{topic="billing-files"} 1');
  });

  test("400 for malformed JSON and for a bad shape", async () => {
    const { app, publisher } = setup();
    const malformed = await app.request("/produce", post("{topic:"));
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe("malformed_json");
    const shape = await app.request("/produce", post('{"topic":"payments"}'));
    expect(shape.status).toBe(400);
    expect(((await shape.json()) as { error: { message: string } }).error.message).toContain("message is required");
    expect(publisher.sent).toHaveLength(0);
  });

  test("422 for a topic outside the allow-list", async () => {
    const res = await setup().app.request("/produce", post('{"topic":"other","msg":"x"}'));
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("topic_not_allowed");
  });

  test("503 with a clear message when Kafka is unavailable", async () => {
    const { app, publisher } = setup();
    publisher.failWith = new PublishError("unavailable", "Kafka did not acknowledge within 5000 ms");
    const res = await app.request("/produce", post('{"topic":"payments","message":{"amount":"1.00"}}'));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(await res.json()).toEqual({
      error: { code: "kafka_unavailable", message: "Kafka did not acknowledge within 5000 ms" },
    });
  });

  test("422 when the topic is allowed but missing on the broker", async () => {
    const { app, publisher } = setup();
    publisher.failWith = new PublishError("unknown_topic", "topic payments does not exist on the broker");
    const res = await app.request("/produce", post('{"topic":"payments","message":"x"}'));
    expect(res.status).toBe(422);
  });

  test("401 without the bearer token when API_TOKEN is set", async () => {
    const { app, publisher } = setup({ apiToken: "s3cret" });
    const body = '{"topic":"payments","message":"x"}';
    expect((await app.request("/produce", post(body))).status).toBe(401);
    expect((await app.request("/produce", post(body, { authorization: "Bearer s3cret" }))).status).toBe(202);
    expect(publisher.sent).toHaveLength(1);
  });

  test("413 for bodies over the limit", async () => {
    const { app } = setup({ bodyLimitBytes: 64 });
    const res = await app.request("/produce", post(JSON.stringify({ topic: "payments", message: "x".repeat(100) })));
    expect(res.status).toBe(413);
  });

  test("documented in /openapi.json", async () => {
    const doc = (await (await setup().app.request("/openapi.json")).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain("/produce");
  });
});
