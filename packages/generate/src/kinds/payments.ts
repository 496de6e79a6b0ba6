import type { GeneratedFields, Kind } from "../kind.ts";
import type { Rng } from "../random.ts";

/**
 * Payments shaped like seed 004's producer's records:
 * `{"transaction_id":"trans_1","customer_id":"cust_3","timestamp":"2025-02-08 13:00:00",
 * "product_id":"prod_5","amount":742,"merchant_id":"merch_1"}`. The distribution is read off that
 * sample (the original's producer script is not in the seed): sequential transaction ids, customers
 * cust_1–cust_CUSTOMERS, products prod_1–prod_PRODUCTS and merchants merch_1–merch_MERCHANTS
 * uniformly, whole amounts 1–1000 uniformly — so under the original's rules (amount > 500 at merch_1
 * or merch_3) about 20 % earn cashback. The timestamp is the stream's event time in the original's
 * `YYYY-MM-DD HH:MM:SS` (UTC). Like real feeds, DIRTY_SHARE of the records carry one defect the
 * cashback job must keep in its errors table (see DEFECTS).
 */
export interface PaymentRecord {
  transaction_id: string;
  customer_id?: string;
  timestamp?: string;
  product_id: string;
  amount: number | string;
  merchant_id: string;
}

export const CUSTOMERS = 10;
export const PRODUCTS = 10;
export const MERCHANTS = 5;
/** Share of records with one defect. */
export const DIRTY_SHARE = 0.01;

/** The defects, one per dirty record, each refused by the cashback job with its own reason. */
export const DEFECTS = ["no customer_id", "no timestamp", "amount as text", "negative amount", "amount with 3 fraction digits", "empty merchant_id"] as const;

const two = (n: number) => String(n).padStart(2, "0");

/** Epoch seconds as the original's `2025-02-08 13:00:00` (UTC). */
function originalTime(seconds: number): string {
  const d = new Date(seconds * 1000);
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** The payments kind: see PaymentRecord. Keyed by transaction_id, so copies of one payment share a partition. */
export const payments: Kind = {
  name: "payments",
  defaultTopic: "payments",
  description: "payments like seed 004's producer (transaction_id, customer_id, timestamp, product_id, amount, merchant_id), about 20 % eligible for cashback, 1 % with one defect",
  keyField: "transaction_id",
  record(rng: Rng, index, clock) {
    // A fixed number of draws per record, in a fixed order: customer, product, amount, merchant, defect (2).
    const customer = 1 + rng.below(CUSTOMERS);
    const product = 1 + rng.below(PRODUCTS);
    const amount = 1 + rng.below(1000);
    const merchant = 1 + rng.below(MERCHANTS);
    const dirty = rng.chance(DIRTY_SHARE);
    const defect = DEFECTS[rng.below(DEFECTS.length)]!;
    const r: PaymentRecord = {
      transaction_id: `trans_${index + 1}`,
      customer_id: `cust_${customer}`,
      timestamp: originalTime(clock.inOrder(index)),
      product_id: `prod_${product}`,
      amount,
      merchant_id: `merch_${merchant}`,
    };
    if (dirty) spoil(r, defect);
    return r as unknown as GeneratedFields; // a dirty record may lack a field
  },
};

function spoil(r: PaymentRecord, defect: (typeof DEFECTS)[number]): void {
  switch (defect) {
    case "no customer_id": delete r.customer_id; break;
    case "no timestamp": delete r.timestamp; break;
    case "amount as text": r.amount = `${r.amount} USD`; break;
    case "negative amount": r.amount = -Number(r.amount); break;
    case "amount with 3 fraction digits": r.amount = Number(r.amount) + 0.125; break;
    case "empty merchant_id": r.merchant_id = ""; break;
  }
}
