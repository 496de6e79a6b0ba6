import { describe, expect, test } from "bun:test";
import { generateRecords } from "../generate.ts";
import { findKind } from "../kinds.ts";
import { DIRTY_SHARE } from "./employees.ts";

const START = 1_764_547_200; // 2025-12-01T00:00:00Z
const records = (count: number, seed = 7) => [...generateRecords(findKind("employees"), { count, seed, start: START })];

describe("employees kind", () => {
  test("emp_data.json's shape, keyed by id, written to emp-data", () => {
    const [first] = records(1);
    expect(findKind("employees").defaultTopic).toBe("emp-data");
    const r = JSON.parse(first!.value);
    expect(first!.key).toBe("1");
    expect(Object.keys(r)).toEqual(["id", "name", "age", "gender", "occupation", "salary", "birth_date", "city", "country", "education", "years_of_experience", "is_manager"]);
    expect(typeof r.salary).toBe("number");
    expect(typeof r.is_manager).toBe("boolean");
  });

  test("the same seed gives the same records; another seed others", () => {
    expect(records(50, 3)).toEqual(records(50, 3));
    expect(records(50, 4)).not.toEqual(records(50, 3));
  });

  test("clean records are consistent; about DIRTY_SHARE carry one defect", () => {
    const all = records(20_000).map((g) => JSON.parse(g.value));
    let dirty = 0;
    for (const r of all) {
      const realDate = /^\d{4}-\d{2}-\d{2}$/.test(r.birth_date) && new Date(`${r.birth_date}T00:00:00Z`).toISOString().startsWith(r.birth_date);
      const clean = r.gender !== "" && typeof r.salary === "number" && r.salary >= 0 && Number.isInteger(Math.round(r.salary * 100)) && Math.round(r.salary * 100) / 100 === r.salary && realDate;
      if (!clean) {
        dirty++;
        continue;
      }
      expect(["M", "F"]).toContain(r.gender);
      expect(r.age).toBeGreaterThanOrEqual(22);
      expect(r.age).toBeLessThanOrEqual(65);
      expect(r.years_of_experience).toBeLessThanOrEqual(r.age - 18);
      // born `age` (or, before this year's birthday, age + 1) years before the event time
      expect(2025 - Number(r.birth_date.slice(0, 4)) - r.age).toBeGreaterThanOrEqual(0);
      expect(2025 - Number(r.birth_date.slice(0, 4)) - r.age).toBeLessThanOrEqual(1);
    }
    expect(dirty / all.length).toBeGreaterThan(DIRTY_SHARE * 0.8);
    expect(dirty / all.length).toBeLessThan(DIRTY_SHARE * 1.2);
  });
});
