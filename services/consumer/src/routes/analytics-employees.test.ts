import { describe, expect, test } from "bun:test";
import { createMetricsRegistry, createServiceApp } from "@tally/http-kit";
import { analyseEmployees } from "../employees/analyse-employees.ts";
import { registerEmployeeAnalyticsRoutes } from "./analytics-employees.ts";

function setup(totals: () => Promise<ReturnType<typeof analyseEmployees>>) {
  const { app, docs } = createServiceApp({ service: "consumer", registry: createMetricsRegistry(false), checks: [] });
  registerEmployeeAnalyticsRoutes(app, docs, { totals });
  return app;
}

describe("GET /analytics/employees", () => {
  test("the full view over what was consumed, refused records counted", async () => {
    const stats = analyseEmployees([{ gender: "M", salary: 5000, birth_date: "1993-05-15", age: 30, years_of_experience: 8, is_manager: true }, { gender: "", salary: 1 }]);
    const res = await setup(async () => stats).request("/analytics/employees");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      count: 1,
      average_salary: 5000,
      by_gender: [{ gender: "M", average_salary: 5000, count: 1 }],
      by_birth_month: [{ month: 5, count: 1 }],
      age: { min: 30, max: 30 },
      managers: 1,
      average_years_of_experience: 8,
      rejected_count: 1,
    });
  });

  test("Cassandra down: 503 JSON", async () => {
    const res = await setup(async () => {
      throw new Error("All host(s) tried for query failed");
    }).request("/analytics/employees");
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("cassandra_unavailable");
  });

  test("documented", async () => {
    const doc = (await (await setup(async () => analyseEmployees([])).request("/openapi.json")).json()) as any;
    expect(doc.paths["/analytics/employees"].get.responses["200"].content["application/json"].schema.example.average_salary).toBe(68900.61);
  });
});
