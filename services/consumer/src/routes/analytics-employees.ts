import { readOrUnavailable, type ApiDocs, type JsonSchema } from "@tally/http-kit";
import type { Hono } from "hono";
import type { EmployeeStats } from "../employees/employee-stats.ts";
import { fullView } from "../employees/employee-views.ts";

/** What GET /analytics/employees reads: everything the employees job consumed (Cassandra in production). */
export interface EmployeeTotals {
  totals(): Promise<EmployeeStats>;
}

/**
 * GET /analytics/employees: the full view of POST /process over every record the employees job
 * consumed — with `rejected_count` instead of the list (refused lines are in the dead letters,
 * with their topic, partition and offset).
 */
export function registerEmployeeAnalyticsRoutes(app: Hono, docs: ApiDocs, source: EmployeeTotals): void {
  app.get("/analytics/employees", async (c) => {
    const stats: EmployeeStats = await readOrUnavailable("employee analytics", () => source.totals());
    return c.body(fullView(stats, "count"), 200, { "content-type": "application/json" });
  });

  docs.add({
    method: "get",
    path: "/analytics/employees",
    summary: "Employee analytics over everything the employees job consumed (seed 001)",
    description:
      "Cumulative over every record consumed from EMPLOYEES_TOPIC (default emp-data): count, average salary (exact, half-up to 2 decimals), per gender, per birth month, age range, managers, average years of experience, and how many records were refused (each refused line went to the dead letters with its reason).",
    tags: ["analytics", "employees"],
    responses: {
      200: { description: "The full analysis", schema: TOTALS },
      503: { description: "Cassandra unavailable" },
    },
  });
}

const AVERAGE: JsonSchema = { type: ["number", "null"] };

const TOTALS: JsonSchema = {
  type: "object",
  required: ["count", "average_salary", "by_gender", "by_birth_month", "age", "managers", "average_years_of_experience", "rejected_count"],
  properties: {
    count: { type: "integer" },
    average_salary: AVERAGE,
    by_gender: { type: "array", items: { type: "object", properties: { gender: { type: "string" }, average_salary: AVERAGE, count: { type: "integer" } } } },
    by_birth_month: { type: "array", items: { type: "object", properties: { month: { type: "integer" }, count: { type: "integer" } } } },
    age: { type: "object", properties: { min: { type: ["integer", "null"] }, max: { type: ["integer", "null"] } } },
    managers: { type: "integer" },
    average_years_of_experience: AVERAGE,
    rejected_count: { type: "integer" },
  },
  example: {
    count: 40,
    average_salary: 68900.61,
    by_gender: [{ gender: "F", average_salary: 68250.57, count: 20 }, { gender: "M", average_salary: 69550.65, count: 20 }],
    by_birth_month: [{ month: 1, count: 2 }, { month: 2, count: 3 }],
    age: { min: 26, max: 40 },
    managers: 19,
    average_years_of_experience: 7.6,
    rejected_count: 0,
  },
};
