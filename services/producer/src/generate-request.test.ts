import { describe, expect, test } from "bun:test";
import { HttpError } from "@tally/http-kit";
import { parseGenerateRequest } from "./generate-request.ts";

const limits = { allowedTopics: ["user-login", "payments"], maxCount: 1000 };
const NOW = () => 1_700_000_000_500;

function failure(body: unknown): { status: number; code: string; message: string } {
  try {
    parseGenerateRequest(body, limits, NOW);
  } catch (err) {
    if (err instanceof HttpError) return { status: err.status, code: err.code, message: err.message };
    throw err;
  }
  throw new Error("expected a failure");
}

describe("parseGenerateRequest", () => {
  test("defaults: seed 1, start now (floored), the kind's topic, no rate", () => {
    expect(parseGenerateRequest({ kind: "logins", count: 10 }, limits, NOW)).toEqual({ kind: "logins", count: 10, seed: 1, start: 1_700_000_000, topic: "user-login" });
  });

  test("every field", () => {
    const body = { kind: "logins", count: 1000, rate: 2.5, seed: -4, start: 1_600_000_000, topic: "payments" };
    expect(parseGenerateRequest(body, limits, NOW)).toEqual(body);
  });

  test("400 for malformed bodies, naming the problem", () => {
    const cases: [unknown, RegExp][] = [
      [[], /JSON object/],
      [{ count: 1 }, /kind is required: one of logins/],
      [{ kind: "logins" }, /count is required and must be a positive integer/],
      [{ kind: "logins", count: 0 }, /positive integer/],
      [{ kind: "logins", count: 1.5 }, /positive integer/],
      [{ kind: "logins", count: "10" }, /positive integer/],
      [{ kind: "logins", count: 1, rate: 0 }, /rate must be a number/],
      [{ kind: "logins", count: 1, rate: "fast" }, /rate must be a number/],
      [{ kind: "logins", count: 1, seed: 0.5 }, /seed must be an integer/],
      [{ kind: "logins", count: 1, start: "now" }, /start must be an integer/],
      [{ kind: "logins", count: 1, start: -1 }, /start must be an epoch second/],
      [{ kind: "logins", count: 1, topic: "" }, /topic must be a non-empty string/],
      [{ kind: "logins", count: 1, cout: 5 }, /unknown field cout/],
    ];
    for (const [body, message] of cases) {
      const f = failure(body);
      expect(f.status).toBe(400);
      expect(f.message).toMatch(message);
    }
  });

  test("an unknown kind is 400 unknown_kind listing the known ones", () => {
    expect(failure({ kind: "trades", count: 1 })).toEqual({ status: 400, code: "unknown_kind", message: "unknown kind 'trades'; known kinds: logins, employees, payments" });
  });

  test("a count above the limit is 422 count_too_large, naming the limit", () => {
    expect(failure({ kind: "logins", count: 1001 })).toEqual({
      status: 422,
      code: "count_too_large",
      message: "count 1001 is above this server's limit of 1000 (GENERATE_MAX_COUNT)",
    });
  });

  test("a topic outside PRODUCE_TOPICS is 422 topic_not_allowed, as for /produce", () => {
    expect(failure({ kind: "logins", count: 1, topic: "billing-files" })).toMatchObject({ status: 422, code: "topic_not_allowed" });
    // The kind's default topic is checked too.
    const f = (() => {
      try {
        parseGenerateRequest({ kind: "logins", count: 1 }, { allowedTopics: ["payments"], maxCount: 10 });
      } catch (err) {
        return err as HttpError;
      }
    })();
    expect(f?.code).toBe("topic_not_allowed");
  });
});
