import { describe, expect, test } from "bun:test";
import { FIELD_FALSE, FIELD_NULL, FIELD_NUMBER, FIELD_STRING, FIELD_TRUE, type JsonProjector } from "./json-projector.ts";
import { SpecError } from "./errors.ts";
import { loadKernelFromDisk } from "./load-from-disk.ts";

const builds = [
  ["simd", await loadKernelFromDisk({ simd: true, poolSize: 0 })],
  ["scalar", await loadKernelFromDisk({ simd: false, poolSize: 0 })],
] as const;

/** The projected rows as plain objects of the wanted fields (what JSON.parse would give for them). */
function rows(p: JsonProjector, text: string, maxRows = 1000): Record<string, unknown>[] | null {
  const n = p.project(text, maxRows);
  if (n < 0) return null;
  const out: Record<string, unknown>[] = [];
  for (let r = 0; r < n; r++) {
    const row: Record<string, unknown> = {};
    p.fields.forEach((name, f) => {
      if ((p.presence(r) & (1 << f)) === 0) return;
      const kind = p.kind(r, f);
      row[name] = kind === FIELD_STRING ? p.string(r, f) : kind === FIELD_NUMBER ? p.number(r, f) : kind === FIELD_TRUE ? true : kind === FIELD_FALSE ? false : kind === FIELD_NULL ? null : "?";
    });
    out.push(row);
  }
  return out;
}

/** What rows() must give when the projector answers: JSON.parse's objects cut to the wanted fields. */
function expected(text: string, fields: readonly string[]): Record<string, unknown>[] {
  return (JSON.parse(text) as Record<string, unknown>[]).map((o) => Object.fromEntries(fields.filter((f) => f in o).map((f) => [f, o[f]])));
}

for (const [build, kernel] of builds) {
  describe(`JsonProjector (${build} build)`, () => {
    const fields = ["gender", "salary", "is_manager", "note", "years_of_experience"];

    test("keeps the wanted members of every object, as JSON.parse reads them, and checks the rest", () => {
      const p = kernel.createProjector(fields);
      const text =
        ' [ {"id":1,"gender":"M","salary":5000,"is_manager":true,"x":[1,{"a":"b\\"c"}],"note":null},\n' +
        '{"salary":-0.5,"gender":"Female","is_manager":false, "years_of_experience" : 12.25 ,"y":1.5e-7},{},' +
        '{"gender":"F","salary":-0,"name":"Zoë \\u00e9"} ] ';
      const got = rows(p, text)!;
      expect(got).toEqual(expected(text, fields));
      expect(Object.is(got[3]!.salary, -0)).toBe(true);
      expect(p.project("[]", 10)).toBe(0);
      expect(p.project(" [ ] ", 10)).toBe(0);
    });

    test("numbers are the doubles JSON.parse gives", () => {
      const p = kernel.createProjector(["v"]);
      const values = ["0", "1", "0.1", "0.07", "4200.75", "75685.88", "123456789012.34", "999999999999999", "-12.5", "1.005", "0.000000000000001"];
      const text = `[${values.map((v) => `{"v":${v}}`).join(",")}]`;
      expect(rows(p, text)).toEqual(expected(text, ["v"]));
    });

    test("gives up on everything it does not read exactly, and on invalid JSON", () => {
      const p = kernel.createProjector(fields, { refuse: ["__proto__"], longRun: 16 });
      const cases = [
        "", "{}", "[1]", '["a"]', "[{}", "[{},]", '[{"gender":"M",}]', "[{}] x", "[{}]\u0000", "\uFEFF[]", "[{'a':1}]",
        '[{"gender":"M","gender":"F"}]', // a wanted key twice
        '[{"__proto__":{}}]', // refused
        '[{"gend\\u0065r":"M"}]', // an escaped key
        '[{"gender":"\\u004d"}]', // an escape in a wanted string
        '[{"gender":"é"}]', // a wanted string that is not ASCII
        '[{"gender":["M"]}]', // a wanted container
        '[{"salary":1e3}]', // a wanted exponent
        '[{"salary":01}]', '[{"salary":1.}]', '[{"salary":-}]', '[{"salary":.5}]', '[{"a":tru}]', '[{"a":nul}]',
        '[{"a":"x\u0001y"}]', // a raw control character
        '[{"a":"12345678901234567"}]', '[{"a":12345678901234567}]', '[{"a":[1,"-1-2-3-4-5-6-7-8-9"]}]', // 16 number characters
        '[{"a":"\\x"}]', '[{"a":"\\u12"}]',
      ];
      for (const text of cases) expect({ text, rows: rows(p, text) }).toEqual({ text, rows: null });
      // Its near misses are read.
      expect(rows(p, '[{"a":"123456789012345","b":123456789012345,"c":"1-2-3-4-5-6-7-8 9"}]')).toEqual([{}]);
    });

    test("more objects than asked for: gives up; as many: reads them", () => {
      const p = kernel.createProjector(fields);
      expect(p.project("[{},{},{}]", 2)).toBe(-1);
      expect(p.project("[{},{},{}]", 3)).toBe(3);
      expect(p.project("[]", 0)).toBe(0);
    });

    test("keys learned from one body do not leak into a differently shaped one", () => {
      const p = kernel.createProjector(fields);
      const a = '[{"gender":"M","salary":1},{"gender":"F","salary":2}]';
      const b = '[{"salary":3,"gendex":"M","gender":"F"},{"gende":"M","salary_x":9,"salary":4}]';
      expect(rows(p, a)).toEqual(expected(a, fields));
      expect(rows(p, b)).toEqual(expected(b, fields));
      expect(rows(p, a)).toEqual(expected(a, fields));
    });

    test("a bad spec is refused", () => {
      expect(() => kernel.createProjector([])).toThrow(SpecError);
      expect(() => kernel.createProjector(["a", "a"])).toThrow(SpecError);
      expect(() => kernel.createProjector(["a"], { refuse: ["a"] })).toThrow(SpecError);
      expect(() => kernel.createProjector(["x".repeat(65)])).toThrow(SpecError);
      expect(() => kernel.createProjector(["a"], { longRun: 65 })).toThrow(SpecError);
      expect(() => kernel.createProjector(Array.from({ length: 33 }, (_, i) => `f${i}`))).toThrow(SpecError);
    });
  });
}
