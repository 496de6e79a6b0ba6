import { describe, expect, test } from "bun:test";
import { HttpError } from "@tally/http-kit";
import { parseProduceRequest } from "./produce-request.ts";

const allowed = ["billing-files", "api-logs"];

function failure(body: unknown): { status: number; code: string; message: string } {
  try {
    parseProduceRequest(body, allowed);
  } catch (err) {
    if (err instanceof HttpError) return { status: err.status, code: err.code, message: err.message };
    throw err;
  }
  throw new Error("expected a failure");
}

describe("parseProduceRequest", () => {
  test("string message passes through unchanged", () => {
    expect(parseProduceRequest({ topic: "billing-files", message: "/data/billing.csv" }, allowed)).toEqual({
      topic: "billing-files",
      value: "/data/billing.csv",
    });
  });

  test("the original's msg field and an optional key", () => {
    expect(parseProduceRequest({ topic: "api-logs", msg: "x", key: "user-1" }, allowed)).toEqual({
      topic: "api-logs",
      key: "user-1",
      value: "x",
    });
  });

  test("non-string JSON messages are serialized", () => {
    expect(parseProduceRequest({ topic: "api-logs", message: { user: "u", ms: 12 } }, allowed).value).toBe(
      '{"user":"u","ms":12}',
    );
    expect(parseProduceRequest({ topic: "api-logs", message: 0 }, allowed).value).toBe("0");
    expect(parseProduceRequest({ topic: "api-logs", message: false }, allowed).value).toBe("false");
  });

  test("malformed bodies are 400 naming the problem", () => {
    expect(failure([1, 2])).toMatchObject({ status: 400, message: "request body must be a JSON object" });
    expect(failure({ message: "x" }).message).toContain("topic is required");
    expect(failure({ topic: 5, message: "x" }).message).toContain("topic is required");
    expect(failure({ topic: "api-logs" }).message).toContain("message is required");
    expect(failure({ topic: "api-logs", message: null }).message).toContain("message is required");
    expect(failure({ topic: "api-logs", message: "a", msg: "b" }).message).toContain("not both");
    expect(failure({ topic: "api-logs", message: "a", key: 7 }).message).toContain("key must be a string");
  });

  test("topics outside the allow-list are 422", () => {
    expect(failure({ topic: "secrets", message: "x" })).toEqual({
      status: 422,
      code: "topic_not_allowed",
      message: "topic secrets is not allowed; allowed: billing-files, api-logs",
    });
  });
});
