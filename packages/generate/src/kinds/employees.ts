import type { GeneratedFields, Kind } from "../kind.ts";
import type { Rng } from "../random.ts";
import { weighted } from "../weighted.ts";

/**
 * Employee records shaped like seed 001's emp_data.json:
 * `{"id":1,"name":"John Doe","age":30,"gender":"M","occupation":"Engineer","salary":60000.5,
 * "birth_date":"1993-05-15","city":"New York","country":"USA","education":"Master's",
 * "years_of_experience":8,"is_manager":false}` — numbers and booleans as JSON numbers and booleans.
 *
 * Consistent within a record: the birth date is a real day `age` years before the record's event
 * time, experience is at most age − 18, salaries grow with occupation, education and experience
 * and have whole cents, managers are mostly the experienced. Like real feeds, DIRTY_SHARE of the
 * records carry one defect the analytics must refuse (see DEFECTS).
 */
export interface EmployeeRecord {
  id: number;
  name: string;
  age: number;
  gender: string;
  occupation: string;
  salary?: number | string;
  birth_date: string;
  city: string;
  country: string;
  education: string;
  years_of_experience: number;
  is_manager: boolean;
}

/** Share of records with one defect. */
export const DIRTY_SHARE = 0.02;

/** The defects, one per dirty record, each refused by POST /process and the employees job. */
export const DEFECTS = ["empty gender", "negative salary", "salary with 3 fraction digits", "no salary", "salary as text", "impossible birth date"] as const;

const FIRST = ["James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Daniel", "Karen", "Wei", "Aisha", "Carlos", "Priya", "Olga", "Kenji", "Fatima", "Mateo", "Ingrid", "Kwame"];
const LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Lee", "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Chen", "Kumar", "Ivanova", "Tanaka", "Okafor", "Silva", "Nguyen", "Schmidt", "Dubois"];

/** [occupation, base salary in cents] — emp_data.json's occupations and pay scale. */
const occupation = weighted([
  [["Software Developer", 5_500_000], 20],
  [["Engineer", 6_000_000], 15],
  [["Data Scientist", 7_500_000], 10],
  [["Data Engineer", 6_500_000], 10],
  [["Product Manager", 8_000_000], 8],
  [["UX Designer", 6_000_000], 8],
  [["Marketing Specialist", 5_000_000], 8],
  [["Financial Analyst", 6_200_000], 8],
  [["HR Manager", 5_800_000], 5],
  [["Sales Representative", 4_500_000], 8],
] as const);

const education = weighted([
  [["Bachelor's", 100], 50],
  [["Master's", 115], 35],
  [["PhD", 130], 10],
  [["High School", 85], 5],
] as const);

const place = weighted([
  [["New York", "USA"], 12], [["San Francisco", "USA"], 8], [["Chicago", "USA"], 6], [["Austin", "USA"], 4],
  [["London", "UK"], 10], [["Toronto", "Canada"], 7], [["Sydney", "Australia"], 6], [["Berlin", "Germany"], 7],
  [["Paris", "France"], 6], [["Tokyo", "Japan"], 7], [["Singapore", "Singapore"], 5], [["Bangalore", "India"], 8],
  [["São Paulo", "Brazil"], 5], [["Amsterdam", "Netherlands"], 4], [["Lagos", "Nigeria"], 3],
] as const);

const pick = <T>(rng: Rng, list: readonly T[]): T => list[rng.below(list.length)]!;
const two = (n: number) => String(n).padStart(2, "0");

/** Days in `month` of `year` (Gregorian). */
function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The employees kind: see EmployeeRecord. Keyed by id, so records spread over partitions. */
export const employees: Kind = {
  name: "employees",
  defaultTopic: "emp-data",
  description: "employee records like seed 001's emp_data.json (gender, salary, birth_date, age, years_of_experience, is_manager, …), 2 % with one defect",
  keyField: "id",
  record(rng, index, clock) {
    // A fixed number of draws per record, in a fixed order, so each record depends only on the seed and its index.
    const name = `${pick(rng, FIRST)} ${pick(rng, LAST)}`;
    const gender = rng.chance(0.5) ? "M" : "F";
    const age = 22 + rng.below(44); // 22–65
    const [job, base] = occupation(rng);
    const [degree, factor] = education(rng);
    const [city, country] = place(rng);
    const experience = rng.below(Math.min(age - 18, 40) + 1);
    const cents = Math.round(((base * factor) / 100) * (1 + experience * 0.025) * (0.85 + rng.float() * 0.3));
    const manager = rng.chance(Math.min(0.9, 0.05 + experience * 0.04));
    const monthDraw = rng.below(12);
    const dayDraw = rng.float();
    const dirty = rng.chance(DIRTY_SHARE);
    const defect = DEFECTS[rng.below(DEFECTS.length)]!;

    const now = new Date(clock.inOrder(index) * 1000);
    const month = 1 + monthDraw;
    // Born `age` years ago: this year's birthday already passed if its month is before this month.
    const year = now.getUTCFullYear() - age - (month <= now.getUTCMonth() + 1 ? 0 : 1);
    const day = 1 + Math.floor(dayDraw * daysIn(year, month));
    const r: EmployeeRecord = {
      id: index + 1,
      name,
      age,
      gender,
      occupation: job,
      salary: cents / 100,
      birth_date: `${year}-${two(month)}-${two(day)}`,
      city,
      country,
      education: degree,
      years_of_experience: experience,
      is_manager: manager,
    };
    if (dirty) spoil(r, defect, cents);
    return r as unknown as GeneratedFields; // salary may be absent or text in a dirty record
  },
};

function spoil(r: EmployeeRecord, defect: (typeof DEFECTS)[number], cents: number): void {
  switch (defect) {
    case "empty gender": r.gender = ""; break;
    case "negative salary": r.salary = -cents / 100; break;
    case "salary with 3 fraction digits": r.salary = (cents * 10 + 5) / 1000; break;
    case "no salary": delete r.salary; break;
    case "salary as text": r.salary = String(cents / 100); break;
    case "impossible birth date": r.birth_date = `${r.birth_date.slice(0, 4)}-02-30`; break;
  }
}
