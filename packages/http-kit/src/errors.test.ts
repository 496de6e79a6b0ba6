import { describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { handleError, handleNotFound, HttpError } from "./errors.ts";

function app(): Hono {
  const a = new Hono();
  a.onError(handleError);
  a.notFound(handleNotFound);
  a.get("/teapot", () => {
    throw new HttpError(422, "bad_topic", "topic x is not allowed");
  });
  a.get("/hono", () => {
    throw new HTTPException(403, { message: "nope" });
  });
  a.get("/boom", () => {
    throw new Error("secret host db-7.internal unreachable");
  });
  return a;
}

describe("errors", () => {
  test("HttpError answers its status and JSON body", async () => {
    const res = await app().request("/teapot");
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: { code: "bad_topic", message: "topic x is not allowed" } });
  });

  test("Hono HTTPException keeps its status in the JSON shape", async () => {
    const res = await app().request("/hono");
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: "forbidden", message: "nope" } });
  });

  test("unknown errors are a 500 that leaks nothing", async () => {
    const orig = console.error;
    console.error = () => {};
    try {
      const res = await app().request("/boom");
      expect(res.status).toBe(500);
      const body = (await res.json()) as { error: { message: string } };
      expect(body.error.message).not.toContain("db-7");
    } finally {
      console.error = orig;
    }
  });

  test("404 is JSON", async () => {
    const res = await app().request("/nowhere", { method: "POST" });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not_found", message: "no route for POST /nowhere" } });
  });

  test("HttpError keeps its cause", () => {
    const cause = new Error("root");
    expect(new HttpError(503, "kafka_unavailable", "down", { cause }).cause).toBe(cause);
  });
});

describe("readOrUnavailable", () => {
  test("passes a read through; a failing store is a 503 naming what could not be read", async () => {
    const { readOrUnavailable } = await import("./errors.ts");
    expect(await readOrUnavailable("billing data", async () => 42)).toBe(42);
    const error = await readOrUnavailable("billing data", async () => {
      throw new Error("no host reachable");
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503, code: "cassandra_unavailable", message: "could not read billing data: no host reachable" });
  });
});
