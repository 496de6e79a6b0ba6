/**
 * The birth month of an employee record, from either shape of the seed's data: `birth_date`
 * ("YYYY-MM-DD", emp_data.json) or `dob_month` (+ `dob_year`, json_topic.json). A birth date that is
 * present must be real; absent fields only leave the record out of the birth-month counts.
 */

const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in `month` (1–12) of `year` in the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS[month]!;
}

/** The month (1–12) of a "YYYY-MM-DD" text that names a real calendar day (year 0001–9999), or why not. */
export function monthOfDate(text: unknown): number | string {
  if (typeof text !== "string") return "birth_date is not a string";
  // Read with charCodeAt rather than a regex: a regex match was ~0.16 µs a record, most of the
  // per-record cost of POST /process on emp_data.json-shaped records.
  if (text.length !== 10 || text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH) return NOT_ISO;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  if (year < 0 || month < 0 || day < 0) return NOT_ISO;
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return "birth_date is not a real calendar date";
  return month;
}

const DASH = 45;
const NOT_ISO = "birth_date is not a YYYY-MM-DD date";

/** The decimal value of text[from, to) if it is all ASCII digits, else -1. */
function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The record's birth month: a number 1–12, `undefined` when it has no birth date at all, or a
 * rejection reason (string) when a birth-date field is present but malformed. `null` counts as absent.
 */
export function birthMonth(birthDate: unknown, dobYear: unknown, dobMonth: unknown): number | string | undefined {
  if (dobYear != null && !(Number.isInteger(dobYear) && (dobYear as number) >= 1 && (dobYear as number) <= 9999)) return "dob_year is not a year from 1 to 9999";
  let fromParts: number | undefined;
  if (dobMonth != null) {
    if (!(Number.isInteger(dobMonth) && (dobMonth as number) >= 1 && (dobMonth as number) <= 12)) return "dob_month is not an integer from 1 to 12";
    fromParts = dobMonth as number;
  }
  if (birthDate == null) return fromParts;
  const fromDate = monthOfDate(birthDate);
  if (typeof fromDate === "string") return fromDate;
  if (fromParts !== undefined && fromParts !== fromDate) return "birth_date and dob_month disagree";
  return fromDate;
}
