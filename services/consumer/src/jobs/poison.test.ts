import { describe, expect, test } from "bun:test";
import { HeaderError, UnknownColumnError } from "@tally/kernel-wasm";
import { ConnectionError, InputError, UnsafePathError } from "@tally/pipeline";
import { asPoison, PoisonInputError } from "./poison.ts";

describe("asPoison", () => {
  test("input problems are poison, with a kind", () => {
    expect(asPoison(new UnsafePathError("path may not contain '..'"))?.kind).toBe("unsafe_path");
    expect(asPoison(new InputError("no such file: x.csv"))?.kind).toBe("unreadable");
    expect(asPoison(Object.assign(new Error("EISDIR"), { code: "EISDIR" }))?.kind).toBe("unreadable");
    const unknown = asPoison(new UnknownColumnError(["company"], ["a", "b"]));
    expect(unknown?.kind).toBe("bad_format");
    expect(unknown?.message).toContain("UNKNOWN_COLUMN");
    expect(asPoison(new HeaderError("bad quoting"))?.kind).toBe("bad_format");
    const p = new PoisonInputError("empty", "no path");
    expect(asPoison(p)).toBe(p);
  });

  test("transient failures are not poison", () => {
    expect(asPoison(new ConnectionError("cassandra down"))).toBeNull();
    expect(asPoison(Object.assign(new Error("EIO"), { code: "EIO" }))).toBeNull();
    expect(asPoison(new TypeError("bug"))).toBeNull();
  });
});
