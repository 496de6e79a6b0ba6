import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { analyseEmployees, processEmployees } from "./analyse-employees.ts";
import { fullView } from "./employee-views.ts";
import { EmployeesInputError } from "./parse-employees.ts";

const SEED = resolve(import.meta.dir, "../../../../test/fixtures/seed-data/water_master_microservices");
/** The seed's files are JSON lines; POST /process takes the same records as one array. */
const seedArray = (name: string) => `[${readFileSync(resolve(SEED, name), "utf8").trim().split("\n").join(",")}]`;

describe("employee analytics: the seed's answers", () => {
  test("the original README's curl", () => {
    const body = '[{"id": 1, "gender": "M", "salary": 5000}, {"id": 2, "gender": "F", "salary": 6000}]';
    expect(processEmployees(body, "default")).toBe('[{"gender":"F","average_salary":6000.0,"count":1},{"gender":"M","average_salary":5000.0,"count":1}]');
  });

  test("the Locust payload (the issue's example answer)", () => {
    const body = JSON.stringify([
      { id: 1, gender: "M", salary: 5000 },
      { id: 2, gender: "F", salary: 6000 },
      { id: 3, gender: "M", salary: 5500 },
    ]);
    expect(processEmployees(body, "default")).toBe('[{"gender":"F","average_salary":6000.0,"count":1},{"gender":"M","average_salary":5250.0,"count":2}]');
  });

  test("emp_data.json: 40 records, average 68900.61, 20 M / 20 F, 19 managers, ages 26–40, experience 7.6", () => {
    const full = JSON.parse(processEmployees(seedArray("emp_data.json"), "full"));
    expect(full).toEqual({
      count: 40,
      average_salary: 68900.61, // 68900.60625 exactly
      by_gender: [
        { gender: "F", average_salary: 68250.57, count: 20 }, // 68250.5675
        { gender: "M", average_salary: 69550.65, count: 20 }, // 69550.645: half-up, where a float average gives 69550.64
      ],
      by_birth_month: [
        { month: 1, count: 2 }, { month: 2, count: 3 }, { month: 3, count: 3 }, { month: 4, count: 4 },
        { month: 5, count: 4 }, { month: 6, count: 4 }, { month: 7, count: 4 }, { month: 8, count: 4 },
        { month: 9, count: 4 }, { month: 10, count: 1 }, { month: 11, count: 4 }, { month: 12, count: 3 },
      ],
      age: { min: 26, max: 40 },
      managers: 19,
      average_years_of_experience: 7.6,
      rejected: [],
    });
  });

  test("json_topic.json: M 7, F 5, record 5 (empty gender, salary -1) refused", () => {
    const body = seedArray("json_topic.json");
    expect(JSON.parse(processEmployees(body, "default"))).toEqual([
      { gender: "F", average_salary: 4280.0, count: 5 },
      { gender: "M", average_salary: 4128.57, count: 7 }, // 28900 / 7 = 4128.571…
    ]);
    const full = JSON.parse(processEmployees(body, "full"));
    expect(full.count).toBe(12);
    expect(full.rejected).toEqual([{ index: 4, reason: "gender is empty" }]);
    expect(full.by_birth_month).toEqual([
      { month: 1, count: 1 }, { month: 2, count: 1 }, { month: 3, count: 2 }, { month: 4, count: 1 }, { month: 5, count: 1 },
      { month: 6, count: 1 }, { month: 8, count: 1 }, { month: 9, count: 1 }, { month: 10, count: 1 }, { month: 11, count: 1 }, { month: 12, count: 1 },
    ]);
    expect(full.age).toEqual({ min: null, max: null });
    expect(full.managers).toBe(0);
    expect(full.average_years_of_experience).toBeNull();
  });
});

describe("employee analytics: edge cases", () => {
  test("mixed integer and decimal salaries (a 500 in the original) are exact", () => {
    const body = '[{"gender":"M","salary":5000},{"gender":"M","salary":5000.25},{"gender":"M","salary":0.01}]';
    // 10000.26 / 3 = 3333.42
    expect(processEmployees(body, "default")).toBe('[{"gender":"M","average_salary":3333.42,"count":3}]');
  });

  test("an average is rounded half-up from the exact sum", () => {
    expect(processEmployees('[{"gender":"F","salary":0.01},{"gender":"F","salary":0.02}]', "default")).toBe('[{"gender":"F","average_salary":0.02,"count":2}]');
  });

  test("a number JSON.parse cannot hold exactly is read from its text", () => {
    const body = '[{"gender":"M","salary":5000.0000000000000001},{"gender":"M","salary":5000.1000000000000000},{"gender":"F","salary":1234567890123.45}]';
    const full = JSON.parse(processEmployees(body, "full"));
    expect(full.rejected).toEqual([{ index: 0, reason: "salary has more than 2 fraction digits" }]);
    expect(full.by_gender).toEqual([
      { gender: "F", average_salary: 1234567890123.45, count: 1 },
      { gender: "M", average_salary: 5000.1, count: 1 },
    ]);
  });

  test("empty array: [] by default, zero counts in the full view", () => {
    expect(processEmployees("[]", "default")).toBe("[]");
    expect(JSON.parse(processEmployees("[]", "full"))).toEqual({
      count: 0,
      average_salary: null,
      by_gender: [],
      by_birth_month: [],
      age: { min: null, max: null },
      managers: 0,
      average_years_of_experience: null,
      rejected: [],
    });
  });

  test("refused records never fail the request and are counted nowhere", () => {
    const stats = analyseEmployees([{ gender: "M", salary: 5000, is_manager: true, age: 30 }, "x", { gender: "F", salary: -5, is_manager: true, age: 99 }]);
    expect(stats.count).toBe(1);
    expect(stats.managers).toBe(1);
    expect(stats.ageMax).toBe(30);
    expect(JSON.parse(fullView(stats)).rejected).toEqual([
      { index: 1, reason: "record is not an object" },
      { index: 2, reason: "salary is negative" },
    ]);
    expect(JSON.parse(fullView(stats, "count")).rejected_count).toBe(2);
  });

  test("genders sort by code point, as the original (Python) sorts", () => {
    const body = JSON.stringify(["😀", "\uFF5E", "M", "F"].map((gender) => ({ gender, salary: 1 })));
    expect(JSON.parse(processEmployees(body, "default")).map((g: { gender: string }) => g.gender)).toEqual(["F", "M", "\uFF5E", "😀"]);
  });

  test("not JSON, not an array, too many records", () => {
    const error = (body: string, max?: number) => {
      try {
        processEmployees(body, "default", max);
      } catch (e) {
        return e instanceof EmployeesInputError ? e.code : e;
      }
    };
    expect(error("[{")).toBe("malformed_json");
    expect(error("")).toBe("malformed_json");
    expect(error('{"gender":"M","salary":1}')).toBe("not_an_array");
    expect(error("null")).toBe("not_an_array");
    expect(error("[1,2,3]", 2)).toBe("too_many_records");
    expect(error("[1,2]", 2)).toBeUndefined();
  });
});
