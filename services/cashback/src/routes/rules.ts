import type { ApiDocs, JsonSchema } from "@tally/http-kit";
import type { Hono } from "hono";
import { rulesToJson, type CashbackRules } from "../rules/cashback-rules.ts";

/** GET /rules: the rules in force (read once at startup from CASHBACK_RULES_FILE), decimals as strings. */
export function registerRulesRoutes(app: Hono, docs: ApiDocs, rules: CashbackRules, rulesFile: string): void {
  const body = { ...rulesToJson(rules), file: rulesFile };
  app.get("/rules", (c) => c.json(body));
  docs.add({
    method: "get",
    path: "/rules",
    summary: "The cashback rules in force",
    description:
      "A payment earns cashback when amount > threshold (strict) and its merchant is eligible: amount × percentage / 100 (a merchant's own percentage when it has one), exact, rounded half-up to cents, then capped per transaction. Read once at startup from CASHBACK_RULES_FILE.",
    tags: ["cashback"],
    responses: { 200: { description: "The rules and the file they came from", schema: RULES } },
  });
}

const DECIMAL: JsonSchema = { type: "string", pattern: "^\\d+(\\.\\d+)?$" };
const RULES: JsonSchema = {
  type: "object",
  required: ["threshold", "eligible_merchants", "percentage", "merchant_percentages", "cap_per_transaction", "file"],
  properties: {
    threshold: DECIMAL,
    eligible_merchants: { type: "array", items: { type: "string" } },
    percentage: DECIMAL,
    merchant_percentages: { type: "object", additionalProperties: DECIMAL },
    cap_per_transaction: { type: ["string", "null"] },
    file: { type: "string" },
  },
  example: { threshold: "500", eligible_merchants: ["merch_1", "merch_3"], percentage: "15", merchant_percentages: {}, cap_per_transaction: null, file: "/srv/tally/config/cashback-rules.json" },
};
