import type { AnalysedLines } from "./employee-lines.ts";

/**
 * TEST SUPPORT: a message's figures and refused lines as comparable data — sums as totals (UnitsSum
 * keeps a total in two parts, split differently by the two paths), genders sorted (their Map order
 * is first-seen, which no view shows).
 */
export function comparableLines(a: AnalysedLines): unknown {
  const s = a.stats;
  const genders = [...s.byGender].sort(([x], [y]) => (x < y ? -1 : 1)).map(([g, v]) => [g, v.count, v.salary.total()]);
  // -0 and 0 ages: which one a minimum keeps depends on the order records are read; both show as 0.
  const age = (n: number | undefined) => (n === undefined ? n : n + 0);
  return [s.count, s.salary.total(), genders, s.byMonth, age(s.ageMin), age(s.ageMax), s.managers, s.experienceCount, s.experience.total(), s.rejectedCount, a.refused];
}
