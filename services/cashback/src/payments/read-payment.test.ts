import { describe, expect, test } from "bun:test";
import { formatDecimal } from "@tally/decimal";
import type { KafkaRecord } from "@tally/pipeline/kafka";
import type { PaymentRead } from "./payment.ts";
import { readPayment } from "./read-payment.ts";

const ORIGINAL = { transaction_id: "trans_1", customer_id: "cust_3", timestamp: "2025-02-08 13:00:00", product_id: "prod_5", amount: 742, merchant_id: "merch_1" };

function record(value: string | Uint8Array | null): KafkaRecord {
  return { topic: "payments", partition: 0, offset: "7", key: null, value: value === null ? null : Buffer.from(value), headers: {}, timestamp: 0 };
}
const read = (value: string | Uint8Array | null): PaymentRead => readPayment(record(value));
const json = (o: Record<string, unknown>) => JSON.stringify(o);
/** The reason a value is refused for, or "ok". */
const reason = (value: string | Uint8Array | null) => {
  const r = read(value);
  return r.kind === "invalid" ? r.reason : "ok";
};

describe("readPayment", () => {
  test("reads the original producer's record exactly", () => {
    const r = read(json(ORIGINAL));
    expect(r.kind).toBe("payment");
    if (r.kind !== "payment") return;
    expect(r.payment).toEqual({
      transactionId: "trans_1",
      customerId: "cust_3",
      merchantId: "merch_1",
      productId: "prod_5",
      amount: { units: 74200n, scale: 2 },
      timeMs: Date.UTC(2025, 1, 8, 13, 0, 0),
    });
  });

  test("amounts: numbers and decimal strings with up to 2 fraction digits, exactly", () => {
    const amount = (raw: string) => {
      const r = read(`{"transaction_id":"t","customer_id":"c","merchant_id":"m","timestamp":"2025-02-08 13:00:00","amount":${raw}}`);
      return r.kind === "payment" ? formatDecimal(r.payment.amount) : r.reason;
    };
    expect(amount("503.30")).toBe("503.30");
    expect(amount('"503.30"')).toBe("503.30");
    expect(amount('"742"')).toBe("742.00");
    expect(amount("5.033e2")).toBe("503.30");
    expect(amount("0")).toBe("0.00");
    expect(amount("12.340")).toBe("12.34");
    expect(amount("12.345")).toBe("amount_too_precise");
    expect(amount('"12.345"')).toBe("amount_too_precise");
    // A float would read this as 503.3: the source text says otherwise.
    expect(amount("503.3000000000000001")).toBe("amount_too_precise");
    expect(amount("-1")).toBe("negative_amount");
    expect(amount('"-0.01"')).toBe("negative_amount");
    expect(amount('"abc"')).toBe("invalid_amount");
    expect(amount('"1e3"')).toBe("invalid_amount");
    expect(amount('" 742"')).toBe("invalid_amount");
    expect(amount("true")).toBe("invalid_amount");
    expect(amount("{}")).toBe("invalid_amount");
    expect(amount("null")).toBe("missing_amount");
    expect(amount("1e400")).toBe("invalid_amount");
    expect(amount('"1234567890123456789"')).toBe("invalid_amount");
  });

  test("the top-level amount's own source text, also with escapes, nested and repeated keys", () => {
    const base = '"transaction_id":"t\\"x","customer_id":"c","merchant_id":"m","timestamp":"2025-02-08 13:00:00"';
    const amount = (rest: string) => {
      const r = read(`{${base},${rest}}`);
      return r.kind === "payment" ? formatDecimal(r.payment.amount) : r.reason;
    };
    expect(amount('"amount":503.3000000000000001')).toBe("amount_too_precise");
    expect(amount('"meta":{"amount":1.001},"amount":2.5')).toBe("2.50");
    expect(amount('"amount":1.001,"amount":2.5')).toBe("2.50");
    expect(amount('"meta":{"amount":1.5},"amount":2.001')).toBe("amount_too_precise");
  });

  test("timestamps: the original's form and ISO-8601, as UTC unless a zone says otherwise", () => {
    const time = (stamp: unknown) => {
      const r = read(json({ ...ORIGINAL, timestamp: stamp }));
      return r.kind === "payment" ? new Date(r.payment.timeMs).toISOString() : r.reason;
    };
    expect(time("2025-02-08 13:00:00")).toBe("2025-02-08T13:00:00.000Z");
    expect(time("2025-02-08T13:00:00Z")).toBe("2025-02-08T13:00:00.000Z");
    expect(time("2025-02-08T13:00:00.123456+05:30")).toBe("2025-02-08T07:30:00.123Z");
    expect(time("2025-02-08T13:00-0100")).toBe("2025-02-08T14:00:00.000Z");
    expect(time("2024-02-29 00:00:00")).toBe("2024-02-29T00:00:00.000Z");
    expect(time("2025-02-29 00:00:00")).toBe("invalid_timestamp");
    expect(time("2025-02-08 24:00:00")).toBe("invalid_timestamp");
    expect(time("08/02/2025 13:00")).toBe("invalid_timestamp");
    expect(time("0099-01-01 00:00:00")).toBe("invalid_timestamp");
    expect(time(1738990800)).toBe("invalid_timestamp");
    expect(time("")).toBe("missing_timestamp");
    expect(time(null)).toBe("missing_timestamp");
  });

  test("every error reason, with the record kept as it came", () => {
    const without = (field: string) => {
      const o: Record<string, unknown> = { ...ORIGINAL };
      delete o[field];
      return json(o);
    };
    expect(reason(null)).toBe("not_json");
    expect(reason("")).toBe("not_json");
    expect(reason("{oops")).toBe("not_json");
    expect(reason(new Uint8Array([0x7b, 0xff, 0x7d]))).toBe("not_json");
    expect(reason("[1,2]")).toBe("not_object");
    expect(reason("42")).toBe("not_object");
    expect(reason("null")).toBe("not_object");
    expect(reason(without("transaction_id"))).toBe("missing_transaction_id");
    expect(reason(json({ ...ORIGINAL, transaction_id: "" }))).toBe("missing_transaction_id");
    expect(reason(json({ ...ORIGINAL, transaction_id: 17 }))).toBe("invalid_transaction_id");
    expect(reason(json({ ...ORIGINAL, transaction_id: "t".repeat(257) }))).toBe("invalid_transaction_id");
    expect(reason(without("customer_id"))).toBe("missing_customer_id");
    expect(reason(json({ ...ORIGINAL, customer_id: "  " }))).toBe("missing_customer_id");
    expect(reason(json({ ...ORIGINAL, customer_id: ["c"] }))).toBe("invalid_customer_id");
    expect(reason(without("merchant_id"))).toBe("missing_merchant_id");
    expect(reason(json({ ...ORIGINAL, merchant_id: null }))).toBe("missing_merchant_id");
    expect(reason(json({ ...ORIGINAL, merchant_id: false }))).toBe("invalid_merchant_id");
    expect(reason(json({ ...ORIGINAL, product_id: 5 }))).toBe("invalid_product_id");
    expect(reason(without("product_id"))).toBe("ok");
    expect(reason(without("timestamp"))).toBe("missing_timestamp");
    expect(reason(without("amount"))).toBe("missing_amount");
    const bad = read("{oops");
    expect(bad.record.offset).toBe("7");
    expect(bad.kind === "invalid" && bad.detail).toStartWith("not JSON");
  });
});
