import { describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { handleError } from "../errors.ts";
import { bodyLimit } from "./body-limit.ts";

function app(max: number): Hono {
  const a = new Hono();
  a.onError(handleError);
  a.use("*", bodyLimit(max));
  a.post("/in", async (c) => c.text(String((await c.req.text()).length)));
  return a;
}

describe("bodyLimit", () => {
  test("small bodies pass", async () => {
    const res = await app(10).request("/in", { method: "POST", body: "12345" });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("5");
  });

  test("large bodies are 413 JSON", async () => {
    const res = await app(10).request("/in", { method: "POST", body: "x".repeat(11) });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      error: { code: "payload_too_large", message: "request body exceeds 10 bytes" },
    });
  });

  test("judged by Content-Length alone: the body is left for the handler, unread", async () => {
    const a = new Hono();
    a.onError(handleError);
    a.use("*", bodyLimit(10));
    a.post("/in", (c) => c.text(String(c.req.raw.bodyUsed)));
    const res = await a.request("/in", { method: "POST", body: "x".repeat(10), headers: { "content-length": "10" } });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("false");
    const bad = await a.request("/in", { method: "POST", body: "x", headers: { "content-length": "nonsense" } });
    expect(bad.status).toBe(413);
    expect((await a.request("/in")).status).toBe(404); // a GET passes the limit untouched
  });

  test("streamed bodies without Content-Length are counted", async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(ctl) {
        for (let i = 0; i < 4; i++) ctl.enqueue(new TextEncoder().encode("xxxxx"));
        ctl.close();
      },
    });
    const req = new Request("http://x/in", { method: "POST", body: stream, duplex: "half" } as RequestInit);
    const res = await app(10).request(req);
    expect(res.status).toBe(413);
  });
});
