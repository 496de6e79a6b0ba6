import { describe, expect, test } from "bun:test";
import { portOffset } from "./paths.ts";

describe("TALLY_STACK_PORT_OFFSET", () => {
  test("unset or empty is 0; an integer shifts every port", () => {
    expect(portOffset(undefined)).toBe(0);
    expect(portOffset("")).toBe(0);
    expect(portOffset("10000")).toBe(10000);
  });
  test("anything else is refused, naming the variable", () => {
    for (const bad of ["-1", "1.5", "abc", "60000"]) expect(() => portOffset(bad)).toThrow(/^TALLY_STACK_PORT_OFFSET: expected an integer 0\.\.50000/);
  });
});
