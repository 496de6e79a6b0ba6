import { describe, expect, test } from "bun:test";
import { createContext } from "@tally/pipeline";
import type { KafkaRecord } from "@tally/pipeline/kafka";
import { Registry } from "prom-client";
import { createCashbackMetrics } from "../metrics.ts";
import type { Payment } from "../payments/payment.ts";
import { claimOnce, toPublish, type EligiblePayment } from "./claim-once.ts";
import type { Ledger } from "./ledger-store.ts";
import type { PaidPayment } from "./paid-payment.ts";

/** The ledger's contract in memory: the first claim of an id inserts, later ones get the stored row. */
function memoryLedger(): Ledger & { rows: Map<string, PaidPayment> } {
  const rows = new Map<string, PaidPayment>();
  return {
    rows,
    async claim(candidates) {
      return candidates.map((candidate) => {
        const stored = rows.get(candidate.transactionId) ?? null;
        if (!stored) rows.set(candidate.transactionId, candidate);
        return { candidate, stored };
      });
    },
  };
}

const payment: Payment = { transactionId: "t1", customerId: "c", merchantId: "merch_1", productId: null, amount: { units: 74200n, scale: 2 }, timeMs: 0 };
const at = (offset: number, p: Partial<Payment> = {}, cents = 11130n): EligiblePayment => ({
  record: { topic: "payments", partition: 0, offset: String(offset), key: null, value: null, headers: {}, timestamp: 0 } as KafkaRecord,
  payment: { ...payment, ...p },
  cashback: { units: cents, scale: 2 },
});

async function run(ledger: Ledger, items: EligiblePayment[]) {
  const metrics = createCashbackMetrics(new Registry());
  const ctx = createContext("b");
  const out = await claimOnce(ledger, metrics)(items, ctx);
  return out.map((o) => (o.kind === "invalid" ? `invalid ${o.reason}` : `${o.kind} ${o.row.source.offset}${toPublish(o) ? " publish" : ""}`));
}

describe("claimOnce across batches", () => {
  test("paid once; the same record redelivered is republished from the stored row; a copy is not", async () => {
    const ledger = memoryLedger();
    expect(await run(ledger, [at(1)])).toEqual(["paid 1 publish"]);
    expect(await run(ledger, [at(1)])).toEqual(["redelivered 1 publish"]);
    expect(await run(ledger, [at(2)])).toEqual(["duplicate 1"]);
    expect(ledger.rows.size).toBe(1);
  });

  test("a redelivery under changed rules republishes what was paid, not a new amount", async () => {
    const ledger = memoryLedger();
    await run(ledger, [at(1)]);
    const metrics = createCashbackMetrics(new Registry());
    const [out] = await claimOnce(ledger, metrics)([at(1, {}, 99999n)], createContext("b"));
    expect(out!.kind === "redelivered" && out!.row.cashback).toEqual({ units: 11130n, scale: 2 });
  });

  test("the same id with other contents is an error, in a later batch as in the same one", async () => {
    const ledger = memoryLedger();
    expect(await run(ledger, [at(1), at(2, { amount: { units: 1n, scale: 2 } })])).toEqual(["paid 1 publish", "invalid conflicting_duplicate"]);
    expect(await run(ledger, [at(3, { customerId: "other" })])).toEqual(["invalid conflicting_duplicate"]);
    expect(ledger.rows.get("t1")!.source.offset).toBe("1");
  });
});
