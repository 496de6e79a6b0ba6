import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { loadKernelFromDisk } from "@tally/kernel-wasm/disk";
import { processEmployees, type EmployeesView } from "../analyse-employees.ts";
import { kernelEmployeeReader } from "./kernel-projection.ts";
import { projectEmployees } from "./project-employees.ts";
import type { EmployeeBodyReader } from "./projected-employee.ts";

/*
 * processEmployees with either projecting reader (JavaScript's, and the kernel's) must answer every body exactly as it does without it:
 * the same answer text in both views, or the same error. Bodies are JSON text built from tokens —
 * clean and dirty records of both seed shapes, escapes, non-ASCII, nesting, duplicate keys, long
 * numbers, whitespace anywhere — and then, often, broken by one random edit.
 */

const RAW_EMOJI = "\u{1F600}";
const LONE = "\ud800";
// Values of three kinds: common, odd (dirty records the projection reads), and rare (what makes it
// give up: escapes, containers, long numbers…), rare enough that many bodies have none.
const pick = (common: string[], odd: string[], rare: string[]) =>
  fc.oneof({ weight: 60, arbitrary: fc.constantFrom(...common) }, { weight: 10, arbitrary: fc.constantFrom(...odd) }, { weight: 1, arbitrary: fc.constantFrom(...rare) });

/** Values as JSON source text, by field. */
const WANTED: Record<string, fc.Arbitrary<string>> = {
  gender: pick(['"M"', '"F"'], ['""', '" "', `"${"x".repeat(65)}"`, "7", "true", "null", '"é"', '"true"', '"M "', '"Zoë"', `"${RAW_EMOJI}"`, `"${LONE}"`, '"Female"'], ['{"a":1}', '["M"]', '"\\u004d"', '"\\ud800"', '"eeeeeeeeeeeeeeeeee"']),
  salary: pick(["60000.5", "100", "4200.75", "75685.88"], ["0", "-0", "-0.00", "-5", "1.005", "1.500", "1e3", "1E+2", "-0.0e-0", '"5000"', "99999999999999", "1e400", "1e-400", "0.1", "123456789012.34", "null", "true", "0.07", "1234567.891"], ["9999999999999.99", "12345678901234567", "{}", "[1]"]),
  birth_date: pick(['"1990-05-15"', '"1985-12-01"', '"2000-02-29"'], ['"1990-02-30"', '"1990-2-3"', "19900101", "null", '"1900-02-29"', '"0000-01-01"', '"1990-13-01"', '"１990-05-15"'], ['"1990\\u002d05-15"', "[]"]),
  dob_year: pick(["1990", "2001"], ["0", "10000", "1990.5", '"1990"', "null", "-1", "1.99e3", "1990.0"], ["[1990]"]),
  dob_month: pick(["3", "12"], ["0", "13", "3.0", '"3"', "null", "-0", "5e0"], ["{}"]),
  age: pick(["30", "45"], ["30.0", '"30"', "-1", "1.5", "3e1", "-0", "null", "true", "1e300", "9007199254740993"], ["[]"]),
  years_of_experience: pick(["8", "12", "0"], ["8.5", "8.505", '"8"', "-1", "1e-400", "1e2", "0.10", "null"], ["10000000000000.5", "99999999999999999"]),
  is_manager: pick(["true", "false"], ['"true"', "1", "null"], ["{}"]),
};

/** Keys that are not wanted, or look like wanted ones but are not (or are, through an escape). */
const OTHER_KEYS = ['"id"', '"name"', '"city"', '"occupation"', '""', '"é"', '"Gender"', '"gender "', '"gende"', '"gend\\u0065r"', '"__proto__"', '"salary_x"', '"x\\ny"', `"${RAW_EMOJI}"`, '"eeeeeeeeeeeeeeee"'];
const OTHER_VALUES = pick(
  ['"Ann"', '"São Paulo"', "12345", "true", '"Data Engineer"', "false"],
  ['"a\\"b"', '"\\\\"', '"\\n\\t\\/\\b\\f\\r"', '"\\u00e9\\u00E9"', `"${RAW_EMOJI} ${LONE}"`, "-0", "1.5e-7", "0", "null", '""', "[]", "{}", '{"gender":"Q","salary":1,"a":[1,{"b":null}]}', '[[],{},[1,"x",{"y":[true]}]]', '"x\\u0000y"'],
  ['"1234567890123456"', '"-1-2-3-4-5-6-7-8-9"', "12345678901234567", `${"[".repeat(35)}${"]".repeat(35)}`],
);

const SPACE = fc.constantFrom("", "", "", "", "", "", " ", "\n", "\t", "\r\n  ");

/** A record as [key, value] members (usually the wanted fields of one seed shape plus extras), in any order. */
const memberArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...Object.keys(WANTED)).chain((k) => WANTED[k]!.map((v) => [`"${k}"`, v] as const)) },
  { weight: 16, arbitrary: fc.tuple(fc.constantFrom('"id"', '"name"', '"city"'), OTHER_VALUES) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...OTHER_KEYS), OTHER_VALUES) },
);
const EMP_DATA = ["gender", "salary", "birth_date", "age", "years_of_experience", "is_manager"];
const TOPIC = ["gender", "salary", "dob_year", "dob_month"];
const recordArb = fc.oneof(
  // A clean-looking record of one shape (the usual case), maybe with a field missing or extras.
  {
    weight: 5,
    arbitrary: fc
      .tuple(fc.constantFrom(EMP_DATA, TOPIC), fc.array(memberArb, { maxLength: 3 }), fc.nat(9))
      .chain(([shape, extra, drop]) =>
        fc.tuple(...shape.filter((_, k) => k !== drop).map((k) => WANTED[k]!.map((v) => [`"${k}"`, v] as const))).map((members) => [...members, ...extra]),
      )
      .chain((members) => fc.shuffledSubarray(members, { minLength: members.length, maxLength: members.length })),
  },
  { weight: 1, arbitrary: fc.array(memberArb, { maxLength: 10 }) },
);
const elementArb = fc.oneof({ weight: 40, arbitrary: recordArb.map((members) => ({ members })) }, { weight: 1, arbitrary: OTHER_VALUES.map((raw) => ({ raw })) });

/** Renders tokens with whitespace drawn in turn from `spaces`. */
function render(elements: ({ members: (readonly [string, string])[] } | { raw: string })[], spaces: string[]): string {
  let k = 0;
  const s = () => spaces[k++ % spaces.length]!;
  const items = elements.map((e) => ("raw" in e ? e.raw : `{${s()}${e.members.map(([key, value]) => `${key}${s()}:${s()}${value}`).join(`${s()},${s()}`)}${s()}}`));
  return `${s()}[${s()}${items.join(`${s()},${s()}`)}${s()}]${s()}`;
}

/** One edit that usually makes the text invalid JSON (JSON.parse decides). */
const breakArb = fc.tuple(fc.nat(7), fc.nat(), fc.constantFrom(",", "'", "\u0001", "\n", "0", "\\x", "\\ud800", "}", "]", "x", "\uFEFF", '"', ":", "\\")).map(
  ([kind, at, piece]) =>
    (text: string): string => {
      const p = at % (text.length + 1);
      const quote = text.indexOf('"', p);
      switch (kind) {
        case 0: return text.slice(0, p); // truncated
        case 1: return text.slice(0, p) + piece + text.slice(p); // inserted anywhere
        case 2: return quote < 0 ? text : text.slice(0, quote + 1) + piece + text.slice(quote + 1); // inside a string
        case 3: return text.replace(/\s*\]\s*$/, ",]"); // trailing comma
        case 4: return text.slice(0, p) + text.slice(p + 1); // a character lost
        case 5: return quote < 0 ? text : text.slice(0, quote) + "'" + text.slice(quote + 1);
        case 6: return text.replace(/:(\s*)([1-9])/, ":$10$2"); // a leading zero
        default: return text + piece;
      }
    },
);

const OTHER_TOPS = ["", " ", "{}", '{"gender":"M","salary":1}', "5", '"[]"', "null", "true", "[", "]"];
const bodyArb = fc.oneof(
  { weight: 10, arbitrary: fc.tuple(fc.array(elementArb, { maxLength: 12 }), fc.array(SPACE, { minLength: 1, maxLength: 40 })).map(([els, sp]) => render(els, sp)) },
  { weight: 6, arbitrary: fc.tuple(fc.array(elementArb, { maxLength: 8 }), fc.array(SPACE, { minLength: 1, maxLength: 20 }), breakArb).map(([els, sp, edit]) => edit(render(els, sp))) },
  { weight: 1, arbitrary: fc.constantFrom(...OTHER_TOPS) },
);

const READERS: [string, EmployeeBodyReader][] = [
  ["javascript", projectEmployees],
  ["kernel", kernelEmployeeReader(await loadKernelFromDisk({ simd: true, poolSize: 0 }))],
  ["kernel, scalar build", kernelEmployeeReader(await loadKernelFromDisk({ simd: false, poolSize: 0 }))],
];

type Outcome = { answer: string } | { error: string };
function outcome(body: string, view: EmployeesView, maxRecords: number | undefined, read: EmployeeBodyReader | null): Outcome {
  try {
    return { answer: processEmployees(body, view, maxRecords, read) };
  } catch (error) {
    const e = error as Error & { code?: string };
    return { error: `${e.name} ${e.code} ${e.message}` };
  }
}

describe("projecting readers: processEmployees answers exactly as with JSON.parse", () => {
  test("random bodies, both views, with and without a record limit", () => {
    const projected: Record<string, number> = {};
    let invalid = 0;
    let runs = 0;
    fc.assert(
      fc.property(bodyArb, fc.constantFrom(undefined, undefined, undefined, undefined, undefined, undefined, 0, 2, 5), (body, maxRecords) => {
        runs++;
        for (const [name, read] of READERS) if (read(body, maxRecords ?? 100_000) !== null) projected[name] = (projected[name] ?? 0) + 1;
        for (const view of ["default", "full"] as const) {
          const expected = outcome(body, view, maxRecords, null);
          if (view === "default" && "error" in expected && expected.error.includes("malformed_json")) invalid++;
          for (const [, read] of READERS) expect(outcome(body, view, maxRecords, read)).toEqual(expected);
        }
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 1500) },
    );
    if (process.env.FC_STATS) console.log({ runs, projected, invalid });
    // Not vacuous: each projection answers a good share of the bodies, and many are invalid JSON.
    expect(projected.javascript).toBeGreaterThan(runs / 5);
    // The kernel gives up more often (non-ASCII wanted strings, wanted exponents): ~20 % of these bodies.
    expect(projected.kernel).toBeGreaterThan(runs / 8);
    expect(projected["kernel, scalar build"]).toBe(projected.kernel!);
    expect(invalid).toBeGreaterThan(runs / 10);
  }, 120_000);
});
