import { describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { handleError } from "./errors.ts";
import { isJsonObject, readJson } from "./json-body.ts";

const app = new Hono();
app.onError(handleError);
app.post("/echo", async (c) => c.json({ got: await readJson(c) }));

describe("readJson", () => {
  test("parses valid JSON", async () => {
    const res = await app.request("/echo", { method: "POST", body: '{"a":1}' });
    expect(await res.json()).toEqual({ got: { a: 1 } });
  });

  test("malformed JSON is 400 malformed_json", async () => {
    const res = await app.request("/echo", { method: "POST", body: "{nope" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("malformed_json");
  });

  test("empty body is 400 invalid_body", async () => {
    const res = await app.request("/echo", { method: "POST" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_body");
  });

  test("a body the client stops sending is 400 body_unreadable, not a 500", async () => {
    const stalled = new ReadableStream<Uint8Array>({
      start(ctl) {
        ctl.enqueue(new TextEncoder().encode('{"a":'));
        ctl.error(new Error("connection reset"));
      },
    });
    const req = new Request("http://x/echo", { method: "POST", body: stalled, duplex: "half" } as RequestInit);
    const res = await app.request(req);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("body_unreadable");
    expect(body.error.message).toContain("connection reset");
  });

  test("isJsonObject", () => {
    expect(isJsonObject({})).toBe(true);
    expect(isJsonObject([])).toBe(false);
    expect(isJsonObject(null)).toBe(false);
    expect(isJsonObject("x")).toBe(false);
  });
});
