import { birthMonth } from "./birth-month.ts";
import { minorUnits, type AmountProblem } from "./minor-units.ts";

/** What the analytics keep of one accepted employee record; absent optional fields are `undefined`. */
export interface Employee {
  gender: string;
  /** Salary in minor units (cents), exact. */
  salaryUnits: number;
  /** 1–12. */
  birthMonth?: number;
  age?: number;
  /** Years of experience in hundredths, exact. */
  experienceUnits?: number;
  manager?: boolean;
}

/** Longest gender value kept; longer ones are refused (they become Cassandra keys and metric labels). */
export const MAX_GENDER_LENGTH = 64;

/**
 * Validates one element of the input (either shape of the seed's data: emp_data.json or
 * json_topic.json). Returns the employee, or the reason the whole record is refused. Checks run in
 * the order of the reasons below, so a record with several problems gets the first one.
 *
 * Required: an object, a non-empty `gender` string, a `salary` number ≥ 0 with at most 2 fraction
 * digits. Optional (absent or null leaves the record out of the figures that need it; present and
 * malformed refuses the record): `birth_date` / `dob_year` / `dob_month`, `age` (integer ≥ 0),
 * `years_of_experience` (number ≥ 0, at most 2 fraction digits), `is_manager` (boolean).
 */
export function readEmployee(value: unknown): Employee | string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "record is not an object";
  const r = value as Record<string, unknown>;

  const gender = r.gender;
  if (gender == null) return "gender is missing";
  if (typeof gender !== "string") return "gender is not a string";
  if (gender.trim() === "") return "gender is empty";
  if (gender.length > MAX_GENDER_LENGTH) return `gender is longer than ${MAX_GENDER_LENGTH} characters`;

  if (r.salary == null) return "salary is missing";
  const salaryUnits = minorUnits(r.salary);
  if (typeof salaryUnits === "string") return SALARY_REASONS[salaryUnits];

  const employee: Employee = { gender, salaryUnits };
  const month = r.birth_date == null && r.dob_year == null && r.dob_month == null ? undefined : birthMonth(r.birth_date, r.dob_year, r.dob_month);
  if (typeof month === "string") return month;
  if (month !== undefined) employee.birthMonth = month;

  const age = r.age;
  if (age != null) {
    if (!(Number.isSafeInteger(age) && (age as number) >= 0)) return "age is not an integer ≥ 0";
    employee.age = age as number;
  }
  if (r.years_of_experience != null) {
    const units = minorUnits(r.years_of_experience);
    if (typeof units === "string") return "years_of_experience is not a number ≥ 0 with at most 2 fraction digits";
    employee.experienceUnits = units;
  }
  const manager = r.is_manager;
  if (manager != null) {
    if (typeof manager !== "boolean") return "is_manager is not a boolean";
    employee.manager = manager;
  }
  return employee;
}

const SALARY_REASONS: Record<AmountProblem, string> = {
  "not a number": "salary is not a number",
  negative: "salary is negative",
  "more than 2 fraction digits": "salary has more than 2 fraction digits",
  "too large": "salary is larger than 9999999999999.99",
};
