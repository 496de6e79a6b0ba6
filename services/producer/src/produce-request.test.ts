import { describe, expect, test } from "bun:test";
import { HttpError } from "@tally/http-kit";
import { parseProduceRequest } from "./produce-request.ts";

const allowed = ["billing-files", "api-logs"];
const limits = { maxMessageBytes: 100, maxRequestMessages: 3 };
const parse = (body: unknown, key?: string) => parseProduceRequest(body, allowed, limits, key);

function failure(body: unknown, key?: string): { status: number; code: string; message: string } {
  try {
    parse(body, key);
  } catch (err) {
    if (err instanceof HttpError) return { status: err.status, code: err.code, message: err.message };
    throw err;
  }
  throw new Error("expected a failure");
}

describe("parseProduceRequest, single form", () => {
  test("string message passes through unchanged", () => {
    expect(parse({ topic: "billing-files", message: "/data/billing.csv" })).toEqual({
      topic: "billing-files",
      messages: [{ value: "/data/billing.csv" }],
      batch: false,
    });
  });

  test("the original's msg field and an optional key", () => {
    expect(parse({ topic: "api-logs", msg: "x", key: "user-1" }).messages).toEqual([{ key: "user-1", value: "x" }]);
  });

  test("non-string JSON messages are serialized", () => {
    expect(parse({ topic: "api-logs", message: { user: "u", ms: 12 } }).messages[0]!.value).toBe('{"user":"u","ms":12}');
    expect(parse({ topic: "api-logs", message: 0 }).messages[0]!.value).toBe("0");
    expect(parse({ topic: "api-logs", message: false }).messages[0]!.value).toBe("false");
  });

  test("the Idempotency-Key header becomes the message's idempotency key", () => {
    expect(parse({ topic: "api-logs", message: "x" }, "req-1").messages).toEqual([{ value: "x", idempotencyKey: "req-1" }]);
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

  test("a message larger than the broker takes is 413, counted in UTF-8 bytes with its key", () => {
    expect(parse({ topic: "api-logs", message: "x".repeat(100) }).messages).toHaveLength(1);
    expect(failure({ topic: "api-logs", message: "x".repeat(101) })).toMatchObject({ status: 413, code: "message_too_large" });
    expect(failure({ topic: "api-logs", message: "é".repeat(51) }).status).toBe(413); // 102 bytes, 51 characters
    expect(failure({ topic: "api-logs", message: "x".repeat(90), key: "k".repeat(11) }).status).toBe(413);
  });
});

describe("parseProduceRequest, batch form", () => {
  test("messages in order; ids from items, else <Idempotency-Key>/<index>", () => {
    const req = parse(
      { topic: "api-logs", messages: [{ message: "a" }, { msg: { n: 1 }, key: "k", id: "own-id" }, { message: "c" }] },
      "req-9",
    );
    expect(req).toEqual({
      topic: "api-logs",
      batch: true,
      messages: [
        { value: "a", idempotencyKey: "req-9/0" },
        { value: '{"n":1}', key: "k", idempotencyKey: "own-id" },
        { value: "c", idempotencyKey: "req-9/2" },
      ],
    });
  });

  test("without a header key only items with an id carry one", () => {
    expect(parse({ topic: "api-logs", messages: [{ message: "a" }, { message: "b", id: "x" }] }).messages).toEqual([
      { value: "a" },
      { value: "b", idempotencyKey: "x" },
    ]);
  });

  test("bad batches are 400 naming the item", () => {
    expect(failure({ topic: "api-logs", messages: [] }).message).toContain("non-empty array");
    expect(failure({ topic: "api-logs", messages: "a" }).message).toContain("non-empty array");
    expect(failure({ topic: "api-logs", messages: ["a"] }).message).toBe("messages[0] must be an object {message, key?, id?}");
    expect(failure({ topic: "api-logs", messages: [{ message: "a" }, {}] }).message).toBe(
      "messages[1].message is required (a string or any JSON value)",
    );
    expect(failure({ topic: "api-logs", messages: [{ message: "a", id: "" }] }).message).toContain("messages[0].id must be 1 to 128");
    expect(failure({ topic: "api-logs", messages: [{ message: "a", id: "é" }] }).message).toContain("printable ASCII");
    expect(failure({ topic: "api-logs", messages: [{ message: "a", id: "d" }, { message: "b", id: "d" }] }).message).toBe(
      "messages[1].id repeats messages[0].id; each message needs its own id",
    );
    expect(failure({ topic: "api-logs", messages: [{ message: "a" }], message: "b" }).message).toContain("not both");
  });

  test("more items than allowed per request is 413; an oversized item is 413 naming it", () => {
    const four = Array.from({ length: 4 }, () => ({ message: "a" }));
    expect(failure({ topic: "api-logs", messages: four })).toMatchObject({ status: 413, code: "too_many_messages" });
    expect(failure({ topic: "api-logs", messages: [{ message: "a" }, { message: "x".repeat(101) }] })).toMatchObject({
      status: 413,
      message: "messages[1] is 101 bytes (value, key and header); the broker takes at most 100",
    });
  });
});
