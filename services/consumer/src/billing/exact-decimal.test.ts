import { describe, expect, test } from "bun:test";
import cassandra from "cassandra-driver";
import { fromCassandraDecimal, parseExact, sumExact, unitsAt } from "./exact-decimal.ts";

describe("exact decimals", () => {
  test("parses plain decimals without floats", () => {
    expect(parseExact("66.00")).toEqual({ units: 6600n, scale: 2 });
    expect(parseExact("-0.005")).toEqual({ units: -5n, scale: 3 });
    expect(parseExact("12")).toEqual({ units: 12n, scale: 0 });
    expect(parseExact("90071992547409.93")).toEqual({ units: 9007199254740993n, scale: 2 });
    expect(() => parseExact("1e3")).toThrow(/plain decimal/);
  });

  test("rescales only upwards", () => {
    expect(unitsAt({ units: 5n, scale: 1 }, 3)).toBe(500n);
    expect(() => unitsAt({ units: 5n, scale: 3 }, 2)).toThrow(RangeError);
  });

  test("sums mixed scales at the largest scale", () => {
    expect(sumExact([parseExact("0.1"), parseExact("0.005"), parseExact("2")], 2)).toEqual({ units: 2105n, scale: 3 });
    expect(sumExact([], 2)).toEqual({ units: 0n, scale: 2 });
  });

  test("reads the driver's BigDecimal, including small values", () => {
    expect(fromCassandraDecimal(cassandra.types.BigDecimal.fromString("0.05"))).toEqual({ units: 5n, scale: 2 });
    expect(fromCassandraDecimal(cassandra.types.BigDecimal.fromString("-245.960"))).toEqual({ units: -245960n, scale: 3 });
    expect(fromCassandraDecimal(null)).toEqual({ units: 0n, scale: 0 });
  });
});
