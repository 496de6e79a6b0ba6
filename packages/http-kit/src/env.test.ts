import { describe, expect, test } from "bun:test";
import { ConfigError, envBool, envInt, envList, envOptional, envString } from "./env.ts";

describe("env helpers", () => {
  test("envString uses the value, then the default, else throws naming the variable", () => {
    expect(envString("A", "d", { A: " x " })).toBe("x");
    expect(envString("A", "d", {})).toBe("d");
    expect(envString("A", "d", { A: "" })).toBe("d");
    expect(() => envString("KAFKA_CLIENT_ID", undefined, {})).toThrow(/KAFKA_CLIENT_ID/);
  });

  test("envOptional is undefined when unset or blank", () => {
    expect(envOptional("T", {})).toBeUndefined();
    expect(envOptional("T", { T: "  " })).toBeUndefined();
    expect(envOptional("T", { T: "s3cret" })).toBe("s3cret");
  });

  test("envInt parses integers and rejects anything else", () => {
    expect(envInt("PORT", 8000, {}, { PORT: "8081" })).toBe(8081);
    expect(envInt("PORT", 8000, {}, {})).toBe(8000);
    expect(() => envInt("PORT", 8000, {}, { PORT: "80a" })).toThrow(ConfigError);
    expect(() => envInt("PORT", 8000, {}, { PORT: "1.5" })).toThrow(/PORT: expected an integer/);
    expect(() => envInt("PORT", 8000, { max: 65535 }, { PORT: "70000" })).toThrow(/PORT: must be <= 65535/);
    expect(() => envInt("N", 1, { min: 1 }, { N: "0" })).toThrow(/N: must be >= 1/);
  });

  test("envBool accepts the usual spellings", () => {
    for (const t of ["true", "TRUE", "1", "yes", "on"]) expect(envBool("B", false, { B: t })).toBe(true);
    for (const f of ["false", "0", "No", "off"]) expect(envBool("B", true, { B: f })).toBe(false);
    expect(envBool("B", true, {})).toBe(true);
    expect(() => envBool("CONSUME_ON_START", false, { CONSUME_ON_START: "maybe" })).toThrow(/CONSUME_ON_START/);
  });

  test("envList splits, trims and drops empties", () => {
    expect(envList("L", ["a"], { L: " x, y ,,z " })).toEqual(["x", "y", "z"]);
    expect(envList("L", ["a", "b"], {})).toEqual(["a", "b"]);
    expect(() => envList("PRODUCE_TOPICS", [], { PRODUCE_TOPICS: " , " })).toThrow(/PRODUCE_TOPICS/);
  });
});
