import { describe, expect, test } from "bun:test";
import { keyProblem, MAX_KEY_BYTES } from "./key-check.ts";

describe("keyProblem", () => {
  test("names that can be billed", () => {
    for (const ok of ["A", "company-263", "Ä", "日本", " A "]) expect(keyProblem(ok, "company")).toBeNull();
    expect(keyProblem("é".repeat(MAX_KEY_BYTES / 2), "company")).toBeNull(); // 65534 bytes
  });

  test("empty or blank, U+FFFD (invalid UTF-8), beyond Cassandra's key limit", () => {
    expect(keyProblem("", "company")).toBe("company is empty");
    expect(keyProblem(" \t", "user")).toBe("user is empty");
    expect(keyProblem("X\uFFFD", "company")).toBe("company is not valid UTF-8");
    expect(keyProblem("€".repeat(21846), "company")).toBe("company is longer than 65535 UTF-8 bytes"); // 65538 bytes
    expect(keyProblem("a".repeat(MAX_KEY_BYTES + 1), "company")).toBe("company is longer than 65535 UTF-8 bytes");
  });
});
