import { describe, expect, test } from "bun:test";
import { projectEmployees } from "./project-employees.ts";

const project = (text: string, maxRecords = 1000) => projectEmployees(text, maxRecords)?.map((r) => ({ ...r }));
const only = (fields: Record<string, unknown>) => ({ gender: undefined, salary: undefined, birth_date: undefined, dob_year: undefined, dob_month: undefined, age: undefined, years_of_experience: undefined, is_manager: undefined, ...fields });

describe("projectEmployees", () => {
  test("keeps the fields readEmployee reads, of both seed shapes, and nothing else", () => {
    const body = `[{"id":1,"name":"John Doe","age":30,"gender":"M","salary":60000.5,"birth_date":"1993-05-15","years_of_experience":8,"is_manager":false,"tags":{"a":[1,"x"]}},
      {"id":2,"firstname":"James ","dob_year":2018,"dob_month":1,"gender":"F","salary":3000}]`;
    expect(project(body)).toEqual([
      only({ gender: "M", salary: 60000.5, birth_date: "1993-05-15", age: 30, years_of_experience: 8, is_manager: false }),
      only({ gender: "F", salary: 3000, dob_year: 2018, dob_month: 1 }),
    ]);
    expect(project("[]")).toEqual([]);
    expect(project(" [ { } ] ")).toEqual([only({})]);
  });

  test("numbers are JSON.parse's doubles, negative zero included", () => {
    const [r] = project('[{"salary":-0,"age":1e3,"years_of_experience":0.07,"dob_year":-0.0e-0,"dob_month":12345678.012345}]')!;
    expect(Object.is(r!.salary, -0)).toBe(true);
    expect(Object.is(r!.dob_year, -0)).toBe(true);
    expect([r!.age, r!.years_of_experience, r!.dob_month]).toEqual([1000, 0.07, 12345678.012345]);
  });

  test("strings after non-ASCII text (2-, 3- and 4-byte characters, a lone surrogate) are sliced from the right place", () => {
    const body = `[{"city":"São Paulo","note":"€ \u{1F600} \ud800","gender":"Zoë","birth_date":"1990-05-15","salary":1,"x":"\u{1F600}"},{"gender":"\u{1F600}","salary":2}]`;
    expect(project(body)).toEqual([only({ gender: "Zoë", birth_date: "1990-05-15", salary: 1 }), only({ gender: "\u{1F600}", salary: 2 })]);
  });

  test("keys learned from earlier records and bodies do not leak into a differently ordered one", () => {
    project('[{"gender":"M","salary":1,"age":3},{"gender":"M","salary":1,"age":3}]');
    expect(project('[{"salary":5,"gender":"F","agex":4,"age":7}]')).toEqual([only({ gender: "F", salary: 5, age: 7 })]);
    expect(project('[{"gender" : "M","salary":1}]')).toEqual([only({ gender: "M", salary: 1 })]);
  });

  test("gives up whenever JSON.parse's answer could differ", () => {
    const cases = [
      "", "{}", '"x"', "[1]", "[null]", "[[]]", // not an array of objects
      '[{"gend\\u0065r":"M"}]', '[{"gender":"\\u004d"}]', // escapes in a wanted key or value
      '[{"gender":"M","gender":"F"}]', '[{"__proto__":{}}]', '[{"gender":{"a":1}}]', '[{"salary":[1]}]', // duplicates, __proto__, containers
      '[{"salary":12345678901234567}]', '[{"id":"1234567890123456"}]', '[{"id":1e12345678901234}]', // 16 number characters in a row
      `[{"x":${"[".repeat(31)}${"]".repeat(31)}}]`, // deeper than the skipper goes
      "[{},]", '[{"a":1,}]', "[01]", '[{"a":01}]', '[{"a":1.}]', '[{"a":-}]', "[{'a':1}]", '[{"a":"\u0001"}]', '[{"a":"\\x"}]', '[{"a":tru}]', "[{}", "[{}] x", "\uFEFF[]",
    ];
    for (const body of cases) expect({ body, projected: project(body) }).toEqual({ body, projected: undefined });
    expect(project("[{},{},{}]", 2)).toBeUndefined();
    expect(project("[{},{}]", 2)).toHaveLength(2);
  });

  test("escapes and nesting in fields nobody reads are checked, not refused", () => {
    const body = '[{"name":"a\\"b\\\\\\/\\b\\f\\n\\r\\t\\u00e9","deep":[{"x":[1,{"y":null}]},[],{}],"gender":"M","salary":1}]';
    expect(project(body)).toEqual([only({ gender: "M", salary: 1 })]);
    expect(project('[{"name":"\\u00G0","gender":"M","salary":1}]')).toBeUndefined();
  });
});
