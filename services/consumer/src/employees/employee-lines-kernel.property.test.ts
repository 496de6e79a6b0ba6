import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { loadKernelFromDisk } from "@tally/kernel-wasm/disk";
import { comparableLines as comparable } from "./comparable-lines.ts";
import { analyseLines } from "./employee-lines.ts";
import { analyseLinesKernel } from "./employee-lines-kernel.ts";

const kernel = await loadKernelFromDisk();

// Values as JSON source text, plain ones weighted up so most records are clean and groups repeat.
const pick = (common: string[], odd: string[]) => fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...common) }, { weight: 1, arbitrary: fc.constantFrom(...odd) });
const FIELDS: [string, fc.Arbitrary<string>][] = [
  ["gender", pick(['"M"', '"F"'], ['""', '" "', `"${"x".repeat(65)}"`, "7", "true", "null", '{"a":1}', '"é"', '"\\u004d"', '"true"', '"\\ud800"', '"M "'])],
  ["salary", pick(["60000.5", "100", "4200.75"], ["0", "-0", "-0.00", "-5", "1.005", "1.500", "1e3", '"5000"', "99999999999999", "9999999999999.99", "12345678901234567", "null", "true"])],
  ["birth_date", pick(['"1990-05-15"', '"1985-12-01"', '"2000-02-29"'], ['"1990-02-30"', '"1990-2-3"', "19900101", "null", '"1900-02-29"', '"0000-01-01"', '"1990-13-01"', '"1990\\u002d05-15"'])],
  ["age", pick(["30", "45"], ["30.0", '"30"', "-1", "1.5", "3e1", "-0", "null", "true", "1e300"])],
  ["years_of_experience", pick(["8", "12"], ["8.5", "8.505", '"8"', "-1", "1e-400", "1e2", "0.10", "null", "10000000000000.5", "99999999999999999"])],
  ["is_manager", pick(["true", "false"], ['"true"', "1", "null"])],
];
const EXTRA = ['"name":"Ann"', '"id":12345678901234567', '"x":{"gender":"Q","salary":1}', '"city":"São Paulo"', '"dob_month":3', '"dob_year":1990'];

/** One line: a record of some of the fields (usually all), in any order, or a broken line. */
const lineArb = fc
  .tuple(
    fc.tuple(...FIELDS.map(([name, value]) => fc.tuple(fc.constant(name), value, fc.integer({ min: 0, max: 30 })))),
    fc.subarray(EXTRA, { maxLength: 2 }),
    fc.integer({ min: 0, max: 60 }),
    fc.constantFrom(":", ": ", " : "),
    fc.integer({ min: 0, max: 7 }),
  )
  .map(([fields, extra, shape, colon, dup]) => {
    const members = fields.filter(([, , absent]) => absent !== 0).map(([name, value]) => `"${name}"${colon}${value}`);
    // Mostly the generator's extras (name, city) rarely dob_ fields, which send the message to the JS path.
    const others = extra.filter((e) => !e.includes("dob_") || shape === 1);
    if (dup === 0) members.push(`"gender"${colon}"F"`); // a repeated name: the last one counts
    const line = `{${[...others.slice(0, 1), ...members, ...others.slice(1)].join(",")}}`;
    if (shape === 2) return "";
    if (shape === 3) return "   ";
    if (shape === 4) return line.slice(0, -1);
    if (shape === 5) return `[${line}]`;
    if (shape === 6) return `${line}\r`;
    if (shape === 7) return "\r";
    return line;
  });

const messageArb = fc.tuple(fc.array(lineArb, { minLength: 0, maxLength: 40 }), fc.boolean()).map(([lines, lf]) => lines.join("\n") + (lf ? "\n" : ""));

describe("employees: the kernel path gives exactly the JS path's figures and refused lines", () => {
  test("messages of mixed clean and dirty records", () => {
    let tookKernel = 0;
    let runs = 0;
    fc.assert(
      fc.property(messageArb, (text) => {
        runs++;
        const viaKernel = analyseLinesKernel(kernel, Buffer.from(text));
        if (viaKernel === null) return;
        tookKernel++;
        expect(comparable(viaKernel)).toEqual(comparable(analyseLines(text)));
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 400) },
    );
    // Most messages are for the kernel (those naming dob_ fields are not): the property is not vacuous.
    expect(tookKernel).toBeGreaterThan(runs / 2);
  }, 120_000);

  test("records repeated (groups of several), one of them refused: lines found by their birth date", () => {
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { minLength: 10, maxLength: 40 }), (pool, picks) => {
        const text = picks.map((i) => pool[i % pool.length]!).join("\n");
        const viaKernel = analyseLinesKernel(kernel, Buffer.from(text));
        if (viaKernel !== null) expect(comparable(viaKernel)).toEqual(comparable(analyseLines(text)));
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 300) },
    );
  }, 120_000);
});
