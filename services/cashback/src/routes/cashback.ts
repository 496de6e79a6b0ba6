import { formatDecimal, rescaleHalfUp } from "@tally/decimal";
import { HttpError, readOrUnavailable, type ApiDocs, type JsonSchema } from "@tally/http-kit";
import type { Context, Hono } from "hono";
import type { ErrorsReader } from "../errors-table/errors-reader.ts";
import type { LedgerReader, StoredPayment } from "../ledger/ledger-reader.ts";
import { MAX_ID_LENGTH } from "../payments/read-payment.ts";

/** What the cashback read routes read from (Cassandra in production, fakes in tests). */
export type CashbackQueries = LedgerReader & ErrorsReader;

/** Most errors one GET /cashback/errors returns. */
export const MAX_ERRORS_LIMIT = 1000;

/**
 * GET /cashback/customers/:customer_id (a customer's paid transactions and cashback, exact),
 * GET /cashback/transactions/:transaction_id (the ledger row, or 404) and
 * GET /cashback/errors?limit=N (the newest records that were not paid, whole).
 */
export function registerCashbackRoutes(app: Hono, docs: ApiDocs, queries: CashbackQueries): void {
  app.get("/cashback/customers/:customer_id", async (c) => c.json(await readOrUnavailable("cashback data", () => queries.customer(idParam(c, "customer_id")))));

  app.get("/cashback/transactions/:transaction_id", async (c) => {
    const id = idParam(c, "transaction_id");
    const stored = await readOrUnavailable("cashback data", () => queries.payment(id));
    if (!stored) throw new HttpError(404, "not_found", `no cashback was paid for transaction ${JSON.stringify(id)}`);
    return c.json(paymentJson(stored));
  });

  app.get("/cashback/errors", async (c) => {
    const text = c.req.query("limit") ?? "100";
    const limit = /^\d{1,6}$/.test(text) ? Number(text) : NaN;
    if (!(limit >= 1 && limit <= MAX_ERRORS_LIMIT)) throw new HttpError(400, "invalid_query", `limit must be an integer from 1 to ${MAX_ERRORS_LIMIT}, got ${JSON.stringify(text)}`);
    return c.json(await readOrUnavailable("cashback data", () => queries.recent(limit)));
  });

  docs
    .add({
      method: "get",
      path: "/cashback/customers/:customer_id",
      summary: "A customer's cashback across every paid transaction",
      description: "Counts the customer's paid transactions and sums their cashback exactly (a decimal string with two fraction digits). A customer with none answers 0 and \"0.00\".",
      tags: ["cashback"],
      responses: {
        200: { description: "The customer's totals", schema: CUSTOMER },
        400: { description: "Id longer than 256 characters" },
        503: { description: "Cassandra unavailable" },
      },
    })
    .add({
      method: "get",
      path: "/cashback/transactions/:transaction_id",
      summary: "The ledger row of a paid transaction",
      tags: ["cashback"],
      responses: {
        200: { description: "The row: what was paid, from which record, when", schema: PAYMENT },
        404: { description: "No cashback was paid for this transaction (unknown, not eligible, or invalid)" },
        400: { description: "Id longer than 256 characters" },
        503: { description: "Cassandra unavailable" },
      },
    })
    .add({
      method: "get",
      path: "/cashback/errors",
      summary: "The newest payment records that were not paid, whole, with their reason",
      description: `Newest first by the record's Kafka timestamp. Query \`limit\` (1–${MAX_ERRORS_LIMIT}, default 100).`,
      tags: ["cashback"],
      responses: {
        200: { description: "Errors", schema: { type: "array", items: ERROR } },
        400: { description: "Bad limit" },
        503: { description: "Cassandra unavailable" },
      },
    });
}

/** A ledger row as JSON: money as decimal strings with two fraction digits, times as ISO-8601. */
export function paymentJson({ payment: p, paidAt }: StoredPayment) {
  return {
    transaction_id: p.transactionId,
    customer_id: p.customerId,
    merchant_id: p.merchantId,
    product_id: p.productId,
    amount: formatDecimal(rescaleHalfUp(p.amount, 2)),
    cashback: formatDecimal(rescaleHalfUp(p.cashback, 2)),
    timestamp: new Date(p.timeMs).toISOString(),
    source: { topic: p.source.topic, partition: p.source.partition, offset: p.source.offset },
    paid_at: paidAt.toISOString(),
  };
}

function idParam(c: Context, name: string): string {
  const value = c.req.param(name) ?? "";
  if (value.length > MAX_ID_LENGTH) throw new HttpError(400, "invalid_query", `${name} must be at most ${MAX_ID_LENGTH} characters`);
  return value;
}


const MONEY: JsonSchema = { type: "string", pattern: "^\\d+\\.\\d{2}$", description: "exact decimal, two fraction digits" };

const CUSTOMER: JsonSchema = {
  type: "object",
  required: ["customer_id", "transactions", "cashback"],
  properties: { customer_id: { type: "string" }, transactions: { type: "integer" }, cashback: MONEY },
  example: { customer_id: "cust_3", transactions: 2, cashback: "186.45" },
};

const PAYMENT: JsonSchema = {
  type: "object",
  required: ["transaction_id", "customer_id", "merchant_id", "product_id", "amount", "cashback", "timestamp", "source", "paid_at"],
  properties: {
    transaction_id: { type: "string" },
    customer_id: { type: "string" },
    merchant_id: { type: "string" },
    product_id: { type: ["string", "null"] },
    amount: MONEY,
    cashback: MONEY,
    timestamp: { type: "string", format: "date-time" },
    source: { type: "object", properties: { topic: { type: "string" }, partition: { type: "integer" }, offset: { type: "string" } } },
    paid_at: { type: "string", format: "date-time" },
  },
};

const ERROR: JsonSchema = {
  type: "object",
  required: ["raw", "reason", "detail", "topic", "partition", "offset", "at", "recorded_at"],
  properties: {
    raw: { type: "string", description: "the record's value, whole" },
    raw_base64: { type: "string", description: "the exact bytes, only when they are not valid UTF-8" },
    reason: { type: "string" },
    detail: { type: "string" },
    topic: { type: "string" },
    partition: { type: "integer" },
    offset: { type: "string" },
    at: { type: "string", format: "date-time", description: "the record's Kafka timestamp" },
    recorded_at: { type: "string", format: "date-time" },
  },
};
