import { compareUtf8 } from "@tally/pipeline";
import type { EmployeeStats } from "./employee-stats.ts";
import { unitsToJsonNumber } from "./json-number.ts";

/*
 * The answers, written as JSON text by hand: averages are exact decimals and must reach the client as
 * JSON numbers without passing through a double (JSON.stringify would), and a handful of string
 * concatenations is also cheaper than building objects for JSON.stringify on the request path.
 */

/** The average of `stats`-like sums as a JSON number, or `null` over nothing. */
function average(sum: { averageUnits(count: number): bigint | number }, count: number): string {
  return count === 0 ? "null" : unitsToJsonNumber(sum.averageUnits(count));
}

/** `[{"gender","average_salary","count"}]` sorted by gender (UTF-8 order, as Python sorts). */
function byGender(s: EmployeeStats): string {
  const genders = s.byGender.size < 2 ? [...s.byGender.keys()] : [...s.byGender.keys()].sort(compareUtf8);
  let out = "[";
  for (let i = 0; i < genders.length; i++) {
    const g = s.byGender.get(genders[i]!)!;
    if (i > 0) out += ",";
    out += `{"gender":${JSON.stringify(genders[i])},"average_salary":${average(g.salary, g.count)},"count":${g.count}}`;
  }
  return out + "]";
}

/**
 * The original's answer: average salary and count per gender, e.g.
 * `[{"gender":"F","average_salary":6000.0,"count":1},{"gender":"M","average_salary":5250.0,"count":2}]`.
 */
export function defaultView(s: EmployeeStats): string {
  return byGender(s);
}

/**
 * The seed's `final_analysis` figures: count, average salary, per gender, per birth month (months
 * with records only), age range, managers, average years of experience, and the refused records —
 * listed with index and reason (`"list"`, one request) or only counted (`"count"`, the stream).
 */
export function fullView(s: EmployeeStats, rejected: "list" | "count" = "list"): string {
  let months = "[";
  for (let m = 1; m <= 12; m++) {
    const n = s.byMonth[m]!;
    if (n === 0) continue;
    if (months.length > 1) months += ",";
    months += `{"month":${m},"count":${n}}`;
  }
  months += "]";
  const age = `{"min":${s.ageMin ?? "null"},"max":${s.ageMax ?? "null"}}`;
  const refused =
    rejected === "list"
      ? `"rejected":[${s.rejected.map((r) => `{"index":${r.index},"reason":${JSON.stringify(r.reason)}}`).join(",")}]`
      : `"rejected_count":${s.rejectedCount}`;
  return (
    `{"count":${s.count},"average_salary":${average(s.salary, s.count)},"by_gender":${byGender(s)},` +
    `"by_birth_month":${months},"age":${age},"managers":${s.managers},` +
    `"average_years_of_experience":${average(s.experience, s.experienceCount)},${refused}}`
  );
}
