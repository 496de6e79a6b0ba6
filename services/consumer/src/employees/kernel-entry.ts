import type { AggregateSpec } from "@tally/kernel-wasm";
import { birthMonth, daysInMonth } from "./birth-month.ts";
import { MAX_GENDER_LENGTH } from "./employee-record.ts";
import { JsonNumberText, minorUnits } from "./minor-units.ts";

/**
 * The kernel pass of the employees job: every field readEmployee reads except the dob_ pair (a
 * message naming those is not for the kernel), grouped by all of them with the salary summed
 * exactly. Typed, so a key shows its JSON type (`"30"` is not `30`) and a salary written as a string
 * is refused like the JS path refuses it; negative salaries are refused too. A record missing any of
 * these fields (or null) is refused by the kernel and read by the JS path.
 */
export const EMPLOYEE_KERNEL_SPEC = {
  format: "ndjson",
  keys: ["gender", "birth_date", "age", "is_manager", "years_of_experience"],
  sum: "salary",
  scale: 2,
  negatives: "reject",
  typed: true,
} as const satisfies AggregateSpec;

/** Positions of the key fields in EMPLOYEE_KERNEL_SPEC.keys. */
export const GENDER = 0;
export const BIRTH_DATE = 1;
const AGE = 2;
const MANAGER = 3;
const EXPERIENCE = 4;

/** What one kernel group's key says about each of its records, as readEmployee would read it. */
export interface EntryValues {
  gender: string;
  birthMonth: number;
  age: number;
  manager: boolean;
  experienceUnits: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const decoder = new TextDecoder();

/**
 * The values of a group whose key fields are at `bytes[at[2i], at[2i + 1])` (JSON source text), or
 * null when readEmployee would refuse its records — or could read them two ways (an experience
 * whose double and exact readings differ): those records go to the JS path, which decides. The
 * salary is not in the key; the caller checks the group's sum.
 */
export function entryValues(bytes: Uint8Array, at: Int32Array): EntryValues | null {
  const gender = genderOf(bytes, at[2 * GENDER]!, at[2 * GENDER + 1]!);
  if (gender === null) return null;
  const month = monthOf(bytes, at[2 * BIRTH_DATE]!, at[2 * BIRTH_DATE + 1]!);
  if (month === null) return null;
  const age = ageOf(bytes, at[2 * AGE]!, at[2 * AGE + 1]!);
  if (age === null) return null;
  const m0 = at[2 * MANAGER]!;
  const mLen = at[2 * MANAGER + 1]! - m0;
  // Typed keys: true/false are the literals; a string "true" keeps its quotes.
  const manager = mLen === 4 && bytes[m0] === 0x74 ? true : mLen === 5 && bytes[m0] === 0x66 ? false : null;
  if (manager === null) return null;
  const experienceUnits = experienceOf(bytes, at[2 * EXPERIENCE]!, at[2 * EXPERIENCE + 1]!);
  if (experienceUnits === null) return null;
  return { gender, birthMonth: month, age, manager, experienceUnits };
}

function text(bytes: Uint8Array, from: number, to: number): string {
  return decoder.decode(bytes.subarray(from, to));
}

function hasByte(bytes: Uint8Array, from: number, to: number, b: number): boolean {
  for (let i = from; i < to; i++) if (bytes[i] === b) return true;
  return false;
}

/** Genders seen, by their bytes when short ASCII (the usual "M", "F"): no decode per group. */
const shortGenders = new Map<number, string | null>();
/** Bounds the cache whatever the input holds (short ASCII genders are ~2 million at most). */
const MAX_CACHED = 1024;

function genderOf(bytes: Uint8Array, from: number, to: number): string | null {
  if (bytes[from] !== QUOTE) return null; // a number or boolean: "gender is not a string"
  let code = to - from <= 5 ? 1 : -1;
  for (let i = from + 1; code > 0 && i < to - 1; i++) code = bytes[i]! < 0x80 && bytes[i] !== BACKSLASH ? code * 128 + bytes[i]! : -1;
  const known = code > 0 ? shortGenders.get(code) : undefined;
  if (known !== undefined) return known;
  const gender = hasByte(bytes, from, to, BACKSLASH) ? (JSON.parse(text(bytes, from, to)) as string) : text(bytes, from + 1, to - 1);
  const valid = gender.trim() === "" || gender.length > MAX_GENDER_LENGTH ? null : gender;
  if (code > 0 && shortGenders.size < MAX_CACHED) shortGenders.set(code, valid);
  return valid;
}

/** Decimal value of ASCII digits bytes[from, to), or -1 if one is not a digit. */
function digits(bytes: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = bytes[i]! - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

function monthOf(bytes: Uint8Array, from: number, to: number): number | null {
  // The usual `"YYYY-MM-DD"` read in place; anything else through the JS rule itself.
  if (to - from === 12 && bytes[from] === QUOTE && bytes[from + 5] === 0x2d && bytes[from + 8] === 0x2d) {
    const year = digits(bytes, from + 1, from + 5);
    const month = digits(bytes, from + 6, from + 8);
    const day = digits(bytes, from + 9, from + 11);
    if (year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)) return month;
  }
  const m = birthMonth(JSON.parse(text(bytes, from, to)), undefined, undefined);
  return typeof m === "number" ? m : null;
}

function ageOf(bytes: Uint8Array, from: number, to: number): number | null {
  if (to - from <= 15) {
    const n = digits(bytes, from, to);
    if (n >= 0) return n;
  }
  // 30.0 and 3e1 are 30 to JSON.parse, and so to readEmployee; -0 stays -0 as there.
  const age: unknown = JSON.parse(text(bytes, from, to));
  return Number.isSafeInteger(age) && (age as number) >= 0 ? (age as number) : null;
}

function experienceOf(bytes: Uint8Array, from: number, to: number): number | null {
  if (to - from <= 13) {
    const n = digits(bytes, from, to);
    if (n >= 0) return n * 100;
  }
  const source = text(bytes, from, to);
  const value: unknown = JSON.parse(source);
  if (typeof value !== "number") return null;
  // The JS path reads a double, or the exact text when the line has a 16-character number-like run:
  // both must give the same answer for the kernel path to be sure of it.
  const asDouble = minorUnits(value);
  return typeof asDouble === "number" && asDouble === minorUnits(new JsonNumberText(source)) ? asDouble : null;
}
