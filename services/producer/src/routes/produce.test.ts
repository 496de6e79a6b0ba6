import { describe, expect, test } from "bun:test";
import { createMetricsRegistry } from "@tally/http-kit";
import { createApp } from "../app.ts";
import { FakeGenerationRunner } from "../fake-generation-runner.ts";
import { FakePublisher } from "../fake-publisher.ts";
import { Generations } from "../generations.ts";
import { PublishError } from "../publisher.ts";

function setup() {
  const publisher = new FakePublisher();
  const registry = createMetricsRegistry(false);
  const app = createApp({
    publisher,
    registry,
    checks: [],
    allowedTopics: ["api-logs"],
    generations: new Generations(new FakeGenerationRunner()),
    generateMaxCount: 10,
    produceLimits: { maxMessageBytes: 1000, maxRequestMessages: 5 },
  });
  const produce = (body: unknown, headers: Record<string, string> = {}) =>
    app.request("/produce", {
      method: "POST",
      body: typeof body === "string" ? body : JSON.stringify(body),
      headers: { "content-type": "application/json", ...headers },
    });
  return { app, publisher, registry, produce };
}

const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

describe("POST /produce with Idempotency-Key", () => {
  test("a retry with the same key and body is answered from the first, marked, and writes nothing", async () => {
    const { publisher, registry, produce } = setup();
    const body = { topic: "api-logs", message: "u1 GET /a 12ms" };
    const first = await produce(body, { "idempotency-key": "req-1" });
    expect(first.status).toBe(202);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const retry = await produce(body, { "idempotency-key": "req-1" });
    expect(retry.status).toBe(202);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await retry.json()).toEqual(await first.json());
    expect(publisher.calls).toBe(1);
    expect(publisher.sent[0]!.messages).toEqual([{ value: "u1 GET /a 12ms", idempotencyKey: "req-1" }]);
    const metrics = await registry.metrics();
    expect(metrics).toContain('tally_produced_messages_total{topic="api-logs"} 1');
    expect(metrics).toContain("tally_produce_idempotent_replays_total 1");
  });

  test("the same key with another body is 422 and writes nothing", async () => {
    const { publisher, produce } = setup();
    await produce({ topic: "api-logs", message: "a" }, { "idempotency-key": "req-2" });
    const res = await produce({ topic: "api-logs", message: "b" }, { "idempotency-key": "req-2" });
    expect(res.status).toBe(422);
    expect((await errorOf(res)).code).toBe("idempotency_key_reused");
    expect(publisher.calls).toBe(1);
  });

  test("a retry arriving while the first is in flight waits for it; both get the same offset", async () => {
    const { publisher, produce } = setup();
    let open!: () => void;
    publisher.gate = new Promise((r) => (open = r));
    const body = { topic: "api-logs", message: "a" };
    const first = produce(body, { "idempotency-key": "req-3" });
    const retry = produce(body, { "idempotency-key": "req-3" });
    await Bun.sleep(5);
    open();
    const [a, b] = await Promise.all([first, retry]);
    expect(await a.json()).toEqual(await b.json());
    expect(b.headers.get("idempotent-replayed")).toBe("true");
    expect(publisher.calls).toBe(1);
  });

  test("a failed first attempt is not remembered: the retry writes", async () => {
    const { publisher, produce } = setup();
    publisher.failWith = new PublishError("unavailable", "Kafka is unavailable: down");
    expect((await produce({ topic: "api-logs", message: "a" }, { "idempotency-key": "req-4" })).status).toBe(503);
    publisher.failWith = undefined;
    const retry = await produce({ topic: "api-logs", message: "a" }, { "idempotency-key": "req-4" });
    expect(retry.status).toBe(202);
    expect(retry.headers.get("idempotent-replayed")).toBeNull();
    expect(publisher.sent).toHaveLength(1);
  });

  test("a malformed key is 400 naming the rule", async () => {
    const { publisher, produce } = setup();
    for (const key of ["k".repeat(129), "naïve"]) {
      const res = await produce({ topic: "api-logs", message: "a" }, { "idempotency-key": key });
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toEqual({
        code: "invalid_idempotency_key",
        message: "Idempotency-Key must be 1 to 128 printable ASCII characters",
      });
    }
    expect(publisher.calls).toBe(0);
  });
});

describe("POST /produce, batch form", () => {
  test("one placement per item in order; header key becomes <key>/<index> unless an item has its own id", async () => {
    const { publisher, produce } = setup();
    const res = await produce(
      { topic: "api-logs", messages: [{ message: "a" }, { message: { n: 1 }, key: "k", id: "mine" }] },
      { "idempotency-key": "b-1" },
    );
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({
      topic: "api-logs",
      count: 2,
      results: [
        { partition: 0, offset: "0" },
        { partition: 0, offset: "1" },
      ],
    });
    expect(publisher.sent[0]!.messages).toEqual([
      { value: "a", idempotencyKey: "b-1/0" },
      { value: '{"n":1}', key: "k", idempotencyKey: "mine" },
    ]);
  });

  test("more items than PRODUCE_MAX_REQUEST_MESSAGES is 413", async () => {
    const { produce } = setup();
    const res = await produce({ topic: "api-logs", messages: Array.from({ length: 6 }, () => ({ message: "a" })) });
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe("too_many_messages");
  });
});

describe("POST /produce, hostile and oversized input", () => {
  test("100,000 nested arrays in 200 kB: 400 json_too_deep at once, and other requests are not held up", async () => {
    const { publisher, produce } = setup();
    const hostile = `{"topic":"api-logs","message":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    const t0 = performance.now();
    const [bad, good] = await Promise.all([produce(hostile), produce({ topic: "api-logs", message: "ok" })]);
    expect(performance.now() - t0).toBeLessThan(200);
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).code).toBe("json_too_deep");
    expect(good.status).toBe(202);
    expect(publisher.sent).toHaveLength(1);
  });

  test("a message over PRODUCE_MAX_MESSAGE_BYTES is 413 before Kafka; the broker's own refusal is 413 too, never 503", async () => {
    const { publisher, produce } = setup();
    const big = await produce({ topic: "api-logs", message: "x".repeat(1001) });
    expect(big.status).toBe(413);
    expect((await errorOf(big)).code).toBe("message_too_large");
    expect(publisher.calls).toBe(0);
    publisher.failWith = new PublishError("too_large", "the broker refused the message as too large for topic api-logs (max.message.bytes)");
    const refused = await produce({ topic: "api-logs", message: "x" });
    expect(refused.status).toBe(413);
    expect(refused.headers.get("retry-after")).toBeNull();
    expect((await errorOf(refused)).code).toBe("message_too_large");
  });
});
