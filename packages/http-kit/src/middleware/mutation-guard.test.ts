import { describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { handleError } from "../errors.ts";
import { isJsonType, mutationGuard, mutationProblem } from "./mutation-guard.ts";

function app(): Hono {
  const a = new Hono();
  a.onError(handleError);
  a.use("*", mutationGuard({ maxBodyBytes: 16 }));
  a.post("/in", async (c) => c.text(`ok:${await c.req.text()}`));
  a.get("/in", (c) => c.text("read"));
  return a;
}

const post = (headers: Record<string, string>, body?: string) =>
  app().request("/in", { method: "POST", headers, body });

describe("isJsonType", () => {
  test("JSON and +json types with parameters pass; others do not", () => {
    for (const t of ["application/json", "Application/JSON; charset=utf-8", "application/problem+json", " application/json ;q=1"]) {
      expect(isJsonType(t)).toBe(true);
    }
    for (const t of ["text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "", "json", "text/json+json"]) {
      expect(isJsonType(t)).toBe(false);
    }
  });
});

describe("mutationProblem", () => {
  test("safe methods are never judged", () => {
    expect(mutationProblem("GET", new Headers({ "content-type": "text/plain", "sec-fetch-site": "cross-site" }))).toBeUndefined();
  });

  test("a bodiless POST with no type passes (curl -X POST /consume)", () => {
    expect(mutationProblem("POST", new Headers())).toBeUndefined();
    expect(mutationProblem("POST", new Headers({ "content-length": "0" }))).toBeUndefined();
  });

  test("a body with no type is 415", () => {
    expect(mutationProblem("POST", new Headers({ "content-length": "2" }))?.status).toBe(415);
    expect(mutationProblem("PUT", new Headers({ "transfer-encoding": "chunked" }))?.status).toBe(415);
  });
});

describe("mutationGuard", () => {
  test("JSON bodies pass to the route", async () => {
    const res = await post({ "content-type": "application/json" }, "{}");
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("ok:{}");
  });

  test("text/plain (what a cross-site form or fetch sends without a preflight) is 415 JSON", async () => {
    const res = await post({ "content-type": "text/plain;charset=UTF-8" }, "{}");
    expect(res.status).toBe(415);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("unsupported_media_type");
    expect(body.error.message).toContain("text/plain;charset=UTF-8");
  });

  test("a browser's cross-site request is 403 even without a body", async () => {
    const res = await post({ "sec-fetch-site": "cross-site" });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("cross_site_request");
    expect((await post({ "sec-fetch-site": "same-origin", "content-type": "application/json" }, "1")).status).toBe(200);
  });

  test("the echoed type is bounded", async () => {
    const res = await post({ "content-type": `text/${"x".repeat(500)}` }, "1");
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message.length).toBeLessThan(200);
  });

  test("the body limit still applies after the type check", async () => {
    const res = await post({ "content-type": "application/json", "content-length": "17" }, "x".repeat(17));
    expect(res.status).toBe(413);
  });

  test("reads are untouched", async () => {
    const res = await app().request("/in", { headers: { "content-type": "text/plain", "sec-fetch-site": "cross-site" } });
    expect(await res.text()).toBe("read");
  });
});
