import { describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { handleError } from "../errors.ts";
import { bearerAuth, tokensEqual } from "./bearer-auth.ts";

function app(token: string | undefined): Hono {
  const a = new Hono();
  a.onError(handleError);
  a.use("*", bearerAuth(token));
  a.get("/read", (c) => c.text("r"));
  a.post("/write", (c) => c.text("w"));
  a.delete("/write", (c) => c.text("d"));
  return a;
}

describe("bearerAuth", () => {
  test("no token configured: everything passes", async () => {
    expect((await app(undefined).request("/write", { method: "POST" })).status).toBe(200);
  });

  test("reads never need the token", async () => {
    expect((await app("s3cret").request("/read")).status).toBe(200);
  });

  test("mutations without a token are 401 JSON", async () => {
    const res = await app("s3cret").request("/write", { method: "POST" });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain("Bearer");
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
  });

  test("wrong token is 401, right token passes", async () => {
    const a = app("s3cret");
    const bad = await a.request("/write", { method: "DELETE", headers: { authorization: "Bearer nope" } });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ error: { code: "unauthorized", message: "invalid bearer token" } });
    const good = await a.request("/write", { method: "DELETE", headers: { authorization: "bearer s3cret" } });
    expect(good.status).toBe(200);
  });

  test("tokensEqual compares different lengths safely", () => {
    expect(tokensEqual("a", "a")).toBe(true);
    expect(tokensEqual("a", "ab")).toBe(false);
    expect(tokensEqual("", "x")).toBe(false);
  });
});
