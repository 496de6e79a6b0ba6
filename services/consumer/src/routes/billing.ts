import { HttpError, readOrUnavailable, type ApiDocs, type JsonSchema } from "@tally/http-kit";
import type { Context, Hono } from "hono";
import type { UsageReader } from "../api-usage/api-usage-store.ts";
import { userUsage } from "../api-usage/user-usage.ts";
import type { BillingReader } from "../billing/billing-store.ts";
import { companyTotals } from "../billing/company-totals.ts";

/** What the billing routes read from (Cassandra in production, fakes in tests). */
export type BillingQueries = BillingReader & UsageReader;

/**
 * GET /billing: per-company totals across every processed file, with the billing rules applied.
 * GET /billing/api-usage: per-user API usage across every consumed api-logs message.
 * Both computed exactly from the stored per-source rows at request time (Cassandra sums each
 * company's or user's partition); money as decimal strings.
 */
export function registerBillingRoutes(app: Hono, docs: ApiDocs, queries: BillingQueries): void {
  app.get("/billing", async (c) => {
    const company = filterParam(c, "company");
    return c.json(companyTotals(await readOrUnavailable("billing data", () => queries.companySums(company))));
  });

  app.get("/billing/api-usage", async (c) => {
    const user = filterParam(c, "user");
    return c.json(userUsage(await readOrUnavailable("billing data", () => queries.usageSums(user))));
  });

  docs
    .add({
      method: "get",
      path: "/billing",
      summary: "Per-company billing totals across all processed files",
      description:
        "Sums the exact per-file totals of billing_by_file. discounted_cost = total × 0.98 and tech_fee = total × 0.05, each computed from the exact total and rounded half-up to cents. Sorted by company. Optional query `company=A` returns only that company (an empty list when unknown).",
      tags: ["billing"],
      responses: {
        200: { description: "Totals per company", schema: { type: "array", items: COMPANY_TOTAL } },
        400: { description: "Empty or overlong filter" },
        503: { description: "Cassandra unavailable" },
      },
    })
    .add({
      method: "get",
      path: "/billing/api-usage",
      summary: "Per-user API usage billed from the api-logs topic",
      description:
        "Sums the per-message rows of api_usage_by_batch: total duration and cost = Σ duration_ms × rate(task), exact, rounded half-up to cents only at the end (as `tally bill`). Sorted by user id as a string. Optional query `user=user1`.",
      tags: ["billing"],
      responses: {
        200: { description: "Usage per user", schema: { type: "array", items: USER_USAGE } },
        400: { description: "Empty or overlong filter" },
        503: { description: "Cassandra unavailable" },
      },
    });
}

function filterParam(c: Context, name: string): string | undefined {
  const value = c.req.query(name);
  if (value === undefined) return undefined;
  if (value === "" || value.length > 256) throw new HttpError(400, "invalid_query", `${name} must be 1 to 256 characters`);
  return value;
}


const MONEY: JsonSchema = { type: "string", pattern: "^-?\\d+\\.\\d{2}$", description: "exact decimal, two fraction digits" };

const COMPANY_TOTAL: JsonSchema = {
  type: "object",
  required: ["company", "total_cost", "discounted_cost", "tech_fee"],
  properties: { company: { type: "string" }, total_cost: MONEY, discounted_cost: MONEY, tech_fee: MONEY },
  example: { company: "A", total_cost: "245.96", discounted_cost: "241.04", tech_fee: "12.30" },
};

const USER_USAGE: JsonSchema = {
  type: "object",
  required: ["user", "total_duration_ms", "requests", "total_cost"],
  properties: { user: { type: "string" }, total_duration_ms: { type: "integer" }, requests: { type: "integer" }, total_cost: MONEY },
  example: { user: "user1", total_duration_ms: 7235, requests: 5, total_cost: "42.50" },
};
