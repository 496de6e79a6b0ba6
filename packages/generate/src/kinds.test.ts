import { describe, expect, test } from "bun:test";
import { GenerateOptionError } from "./errors.ts";
import { findKind, KINDS, kindNames } from "./kinds.ts";

describe("kinds", () => {
  test("logins is registered under its own name, writing to user-login by default", () => {
    expect(kindNames()).toContain("logins");
    expect(findKind("logins").defaultTopic).toBe("user-login");
    for (const [name, kind] of KINDS) expect(kind.name).toBe(name);
  });

  test("an unknown kind names the known ones", () => {
    expect(() => findKind("payment")).toThrow(GenerateOptionError);
    expect(() => findKind("payment")).toThrow(/unknown kind 'payment'; known kinds: logins, employees/);
  });
});
