import { describe, expect, test } from "bun:test";
import { HttpError } from "@tally/http-kit";
import { parseBoundedJson } from "./bounded-json.ts";

function code(text: string, depth?: number): string {
  try {
    parseBoundedJson(text, depth);
  } catch (err) {
    if (err instanceof HttpError) return `${err.status} ${err.code}`;
    throw err;
  }
  return "ok";
}

describe("parseBoundedJson", () => {
  test("parses JSON within the depth", () => {
    expect(parseBoundedJson('{"a":[{"b":1}]}', 3)).toEqual({ a: [{ b: 1 }] });
  });

  test("400 for empty, malformed and too deep bodies, each with its own code", () => {
    expect(code("  ")).toBe("400 invalid_body");
    expect(code("{nope")).toBe("400 malformed_json");
    expect(code('{"a":[{"b":1}]}', 2)).toBe("400 json_too_deep");
  });

  test("the issue's 200 kB of 100,000 nested arrays is refused without parsing, in milliseconds", () => {
    const hostile = `{"topic":"api-logs","message":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    const t0 = performance.now();
    expect(code(hostile)).toBe("400 json_too_deep");
    expect(performance.now() - t0).toBeLessThan(50);
  });
});
