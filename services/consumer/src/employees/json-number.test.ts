import { expect, test } from "bun:test";
import { unitsToJsonNumber } from "./json-number.ts";

test("minor units as JSON numbers written like the original's Python floats, exactly", () => {
  expect(unitsToJsonNumber(600000)).toBe("6000.0");
  expect(unitsToJsonNumber(6890061)).toBe("68900.61");
  expect(unitsToJsonNumber(760)).toBe("7.6");
  expect(unitsToJsonNumber(5)).toBe("0.05");
  expect(unitsToJsonNumber(0)).toBe("0.0");
  expect(unitsToJsonNumber(12345678901234567890123n)).toBe("123456789012345678901.23");
  expect(unitsToJsonNumber(-105n)).toBe("-1.05");
  for (const text of ["6000.0", "68900.61", "7.6", "0.05"]) expect(JSON.parse(text)).toBe(Number(text));
});
