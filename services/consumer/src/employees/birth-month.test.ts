import { describe, expect, test } from "bun:test";
import { birthMonth, daysInMonth, monthOfDate } from "./birth-month.ts";

describe("birth month", () => {
  test("from birth_date (emp_data.json) or dob_month (json_topic.json)", () => {
    expect(birthMonth("1993-05-15", undefined, undefined)).toBe(5);
    expect(birthMonth(undefined, 2018, 1)).toBe(1);
    expect(birthMonth(undefined, undefined, 12)).toBe(12);
    expect(birthMonth("1993-05-15", 1993, 5)).toBe(5);
    expect(birthMonth(null, null, null)).toBeUndefined();
  });

  test("a date must be a real calendar day", () => {
    expect(monthOfDate("2000-02-29")).toBe(2);
    expect(monthOfDate("1900-02-29")).toBe("birth_date is not a real calendar date");
    expect(monthOfDate("1993-04-31")).toBe("birth_date is not a real calendar date");
    expect(monthOfDate("1993-13-01")).toBe("birth_date is not a real calendar date");
    expect(monthOfDate("1993-00-10")).toBe("birth_date is not a real calendar date");
    expect(monthOfDate("0000-01-01")).toBe("birth_date is not a real calendar date");
    expect(monthOfDate("1993-5-15")).toBe("birth_date is not a YYYY-MM-DD date");
    expect(monthOfDate("1993-05-15T00:00:00Z")).toBe("birth_date is not a YYYY-MM-DD date");
    expect(monthOfDate(19930515)).toBe("birth_date is not a string");
    expect(monthOfDate("19a3-05-15")).toBe("birth_date is not a YYYY-MM-DD date");
    expect(monthOfDate("1993/05/15")).toBe("birth_date is not a YYYY-MM-DD date");
    expect(monthOfDate("1993-0５-15")).toBe("birth_date is not a YYYY-MM-DD date");
    expect(monthOfDate("+993-05-15")).toBe("birth_date is not a YYYY-MM-DD date");
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2023, 2)).toBe(28);
  });

  test("dob_month outside 1–12, a bad dob_year, or fields that disagree are refused", () => {
    expect(birthMonth(undefined, 2010, 13)).toBe("dob_month is not an integer from 1 to 12");
    expect(birthMonth(undefined, 2010, 0)).toBe("dob_month is not an integer from 1 to 12");
    expect(birthMonth(undefined, 2010, 2.5)).toBe("dob_month is not an integer from 1 to 12");
    expect(birthMonth(undefined, 2010, "3")).toBe("dob_month is not an integer from 1 to 12");
    expect(birthMonth(undefined, "2010", 3)).toBe("dob_year is not a year from 1 to 9999");
    expect(birthMonth(undefined, 0, 3)).toBe("dob_year is not a year from 1 to 9999");
    expect(birthMonth("1993-05-15", undefined, 6)).toBe("birth_date and dob_month disagree");
  });
});
