import type { Employee } from "./employee-record.ts";
import { UnitsSum } from "./units-sum.ts";

/** Count and exact salary sum of one gender. */
export interface GenderStats {
  count: number;
  salary: UnitsSum;
}

/** A refused record: its 0-based index in the input and why. */
export interface Rejection {
  index: number;
  reason: string;
}

/**
 * The running figures of the seed's `final_analysis` over accepted records (a Beam-style
 * accumulator: create, add, merge). Every sum is exact; averages are taken only when viewed.
 */
export interface EmployeeStats {
  count: number;
  salary: UnitsSum;
  byGender: Map<string, GenderStats>;
  /** Index 1–12: records born in that month (index 0 unused). */
  byMonth: number[];
  ageMin?: number;
  ageMax?: number;
  managers: number;
  experienceCount: number;
  experience: UnitsSum;
  /** Refused records, listed (the request path) — the stream job keeps only `rejectedCount`. */
  rejected: Rejection[];
  rejectedCount: number;
}

/** An empty accumulator. */
export function createStats(): EmployeeStats {
  return {
    count: 0,
    salary: new UnitsSum(),
    byGender: new Map(),
    byMonth: new Array<number>(13).fill(0),
    managers: 0,
    experienceCount: 0,
    experience: new UnitsSum(),
    rejected: [],
    rejectedCount: 0,
  };
}

/** Adds one accepted employee to every figure it has the fields for. */
export function addEmployee(s: EmployeeStats, e: Employee): void {
  s.count++;
  s.salary.add(e.salaryUnits);
  let g = s.byGender.get(e.gender);
  if (g === undefined) s.byGender.set(e.gender, (g = { count: 0, salary: new UnitsSum() }));
  g.count++;
  g.salary.add(e.salaryUnits);
  if (e.birthMonth !== undefined) s.byMonth[e.birthMonth]!++;
  if (e.age !== undefined) {
    if (s.ageMin === undefined || e.age < s.ageMin) s.ageMin = e.age;
    if (s.ageMax === undefined || e.age > s.ageMax) s.ageMax = e.age;
  }
  if (e.manager === true) s.managers++;
  if (e.experienceUnits !== undefined) {
    s.experienceCount++;
    s.experience.add(e.experienceUnits);
  }
}

/** Records a refused record (counted nowhere else). */
export function addRejection(s: EmployeeStats, index: number, reason: string): void {
  s.rejectedCount++;
  s.rejected.push({ index, reason });
}

/** Adds `from` into `into` (e.g. per-message results read back from Cassandra). Rejection lists are concatenated. */
export function mergeStats(into: EmployeeStats, from: EmployeeStats): EmployeeStats {
  into.count += from.count;
  into.salary.merge(from.salary);
  for (const [gender, g] of from.byGender) {
    const mine = into.byGender.get(gender);
    if (mine === undefined) into.byGender.set(gender, { count: g.count, salary: copySum(g.salary) });
    else {
      mine.count += g.count;
      mine.salary.merge(g.salary);
    }
  }
  for (let m = 1; m <= 12; m++) into.byMonth[m]! += from.byMonth[m]!;
  if (from.ageMin !== undefined && (into.ageMin === undefined || from.ageMin < into.ageMin)) into.ageMin = from.ageMin;
  if (from.ageMax !== undefined && (into.ageMax === undefined || from.ageMax > into.ageMax)) into.ageMax = from.ageMax;
  into.managers += from.managers;
  into.experienceCount += from.experienceCount;
  into.experience.merge(from.experience);
  into.rejected.push(...from.rejected);
  into.rejectedCount += from.rejectedCount;
  return into;
}

function copySum(sum: UnitsSum): UnitsSum {
  const copy = new UnitsSum();
  copy.merge(sum);
  return copy;
}
