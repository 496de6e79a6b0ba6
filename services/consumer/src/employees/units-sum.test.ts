import { expect, test } from "bun:test";
import { MAX_MINOR_UNITS } from "./minor-units.ts";
import { UnitsSum } from "./units-sum.ts";

test("sums stay exact past 2^53 and averages round half-up", () => {
  const sum = new UnitsSum();
  for (let i = 0; i < 20; i++) sum.add(MAX_MINOR_UNITS);
  expect(sum.total()).toBe(20n * BigInt(MAX_MINOR_UNITS));
  expect(sum.averageUnits(20)).toBe(BigInt(MAX_MINOR_UNITS));
  const other = new UnitsSum();
  other.add(1);
  sum.merge(other);
  expect(sum.total()).toBe(20n * BigInt(MAX_MINOR_UNITS) + 1n);

  const small = new UnitsSum();
  small.add(5);
  expect(small.averageUnits(2)).toBe(3); // 2.5 → 3
  small.add(0);
  expect(small.averageUnits(3)).toBe(2); // 1.666… → 2
  small.addTotal(1n);
  expect(small.averageUnits(4)).toBe(2n); // 1.5 → 2, through bigint once a total was added
  expect(() => small.averageUnits(0)).toThrow(RangeError);
});
