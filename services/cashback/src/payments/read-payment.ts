import type { KafkaRecord } from "@tally/pipeline/kafka";
import { readAmount } from "./amount.ts";
import { amountSource } from "./amount-source.ts";
import type { InvalidPayment, PaymentRead } from "./payment.ts";
import { parsePaymentTime } from "./payment-time.ts";
import type { RejectReason } from "./reject-reason.ts";

/** Ids are Cassandra keys and Kafka keys: bounded well below Cassandra's 64 KiB key limit. */
export const MAX_ID_LENGTH = 256;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads one Kafka record as a payment, shaped like the original producer's
 * `{"transaction_id":"trans_1","customer_id":"cust_3","timestamp":"2025-02-08 13:00:00",
 * "product_id":"prod_5","amount":742,"merchant_id":"merch_1"}`. Anything else is an InvalidPayment
 * with its reason; nothing is dropped silently. Pure: the same record always reads the same.
 */
export function readPayment(record: KafkaRecord): PaymentRead {
  const invalid = (reason: RejectReason, detail: string): InvalidPayment => ({ kind: "invalid", record, reason, detail });
  if (record.value === null || record.value.length === 0) return invalid("not_json", "the message is empty");
  let text: string;
  let doc: unknown;
  try {
    text = utf8.decode(record.value);
    doc = JSON.parse(text);
  } catch (error) {
    return invalid("not_json", `not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return invalid("not_object", `expected a JSON object, got ${Array.isArray(doc) ? "an array" : typeof doc}`);
  const o = doc as Record<string, unknown>;

  const ids: Record<"transaction_id" | "customer_id" | "merchant_id", string> = { transaction_id: "", customer_id: "", merchant_id: "" };
  for (const field of ["transaction_id", "customer_id", "merchant_id"] as const) {
    const v = o[field];
    if (v === undefined || v === null || (typeof v === "string" && v.trim() === "")) return invalid(`missing_${field}`, `${field} is missing or empty`);
    if (typeof v !== "string") return invalid(`invalid_${field}`, `${field} must be a string, got ${typeof v}`);
    if (v.length > MAX_ID_LENGTH) return invalid(`invalid_${field}`, `${field} is longer than ${MAX_ID_LENGTH} characters`);
    ids[field] = v;
  }
  const product = o.product_id;
  if (product !== undefined && product !== null && (typeof product !== "string" || product.length > MAX_ID_LENGTH)) {
    return invalid("invalid_product_id", `product_id must be a string of at most ${MAX_ID_LENGTH} characters`);
  }

  const stamp = o.timestamp;
  if (stamp === undefined || stamp === null || stamp === "") return invalid("missing_timestamp", "timestamp is missing or empty");
  const timeMs = typeof stamp === "string" ? parsePaymentTime(stamp) : null;
  if (timeMs === null) return invalid("invalid_timestamp", `timestamp is not "YYYY-MM-DD HH:MM:SS" or ISO-8601: ${JSON.stringify(stamp).slice(0, 80)}`);

  const amount = readAmount(o.amount, typeof o.amount === "number" ? amountSource(text, o) : undefined);
  if (!amount.ok) return invalid(amount.reason, amount.detail);

  return {
    kind: "payment",
    record,
    payment: {
      transactionId: ids.transaction_id,
      customerId: ids.customer_id,
      merchantId: ids.merchant_id,
      productId: typeof product === "string" ? product : null,
      amount: amount.amount,
      timeMs,
    },
  };
}
