import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { analyseLines } from "./employee-lines.ts";
import { fullView } from "./employee-views.ts";

const SEED = resolve(import.meta.dir, "../../../../test/fixtures/seed-data/water_master_microservices");

describe("analyseLines (stream messages of JSON lines)", () => {
  test("json_topic.json as one message: M 7, F 5, line 5 refused", () => {
    const { stats, refused } = analyseLines(readFileSync(resolve(SEED, "json_topic.json"), "utf8"));
    expect(JSON.parse(fullView(stats, "count"))).toMatchObject({
      count: 12,
      by_gender: [
        { gender: "F", average_salary: 4280, count: 5 },
        { gender: "M", average_salary: 4128.57, count: 7 },
      ],
      rejected_count: 1,
    });
    expect(refused).toEqual([{ line: 5, reason: "gender is empty", text: expect.stringContaining('"firstname":"Jen"') }]);
  });

  test("emp_data.json as one message gives the seed's figures", () => {
    const full = JSON.parse(fullView(analyseLines(readFileSync(resolve(SEED, "emp_data.json"), "utf8")).stats, "count"));
    expect(full).toMatchObject({ count: 40, average_salary: 68900.61, managers: 19, age: { min: 26, max: 40 }, average_years_of_experience: 7.6, rejected_count: 0 });
  });

  test("broken, blank and multi-value lines: refused or skipped, with their line numbers", () => {
    const text = ['{"gender":"M","salary":1}', "", "not json", '{"gender":"F","salary":2},{"gender":"F","salary":3}', '{"gender":"F","salary":4}\r', ""].join("\n");
    const { stats, refused } = analyseLines(text);
    expect(stats.count).toBe(2);
    expect(stats.rejectedCount).toBe(2);
    expect(refused.map((r) => [r.line, r.reason])).toEqual([
      [3, "line is not valid JSON"],
      [4, "line is not valid JSON"],
    ]);
  });

  test("one line, an empty message, a line that is not an object", () => {
    expect(analyseLines('{"gender":"M","salary":5000}').stats.count).toBe(1);
    expect(analyseLines("").stats.count).toBe(0);
    expect(analyseLines("\n\n").refused).toEqual([]);
    expect(analyseLines('[1]\n{"gender":"M","salary":1}').refused).toEqual([{ line: 1, reason: "record is not an object", text: "[1]" }]);
  });

  test("exact salaries", () => {
    const line = '{"gender":"M","salary":5000.0000000000000001}';
    expect(analyseLines(line).refused[0]?.reason).toBe("salary has more than 2 fraction digits");
    expect(analyseLines(`${line}\n${line}`).refused.map((r) => r.reason)).toEqual(["salary has more than 2 fraction digits", "salary has more than 2 fraction digits"]);
  });
});
