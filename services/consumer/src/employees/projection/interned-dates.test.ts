import { describe, expect, test } from "bun:test";
import { internedDate } from "./interned-dates.ts";

const at = (text: string) => internedDate(new TextEncoder().encode(text + "\0"), 0);

describe("internedDate", () => {
  test("a DDDD-DD-DD text is its own string, the same one each time", () => {
    expect(at("1990-05-15")).toBe("1990-05-15");
    expect(at("0000-99-00")).toBe("0000-99-00"); // the reader interns text; readEmployee judges it
    const a = at("2001-02-03");
    expect(at("2001-02-03")).toBe(a!);
  });

  test("anything else is left to the caller", () => {
    for (const text of ["1990/05/15", "1990-5-150", "199a-05-15", "1990-05-1x", "-990-05-15"]) expect(at(text)).toBeNull();
  });
});
