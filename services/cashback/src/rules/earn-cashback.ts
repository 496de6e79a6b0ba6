import type { EligiblePayment } from "../ledger/claim-once.ts";
import type { ValidPayment } from "../payments/payment.ts";
import { cashbackFor } from "./cashback.ts";
import type { CashbackRules } from "./cashback-rules.ts";

/** For flatMap: a valid payment with the cashback it earns under `rules`, or nothing when it is not eligible. */
export function earnCashback(rules: CashbackRules): (read: ValidPayment) => EligiblePayment[] {
  return ({ record, payment }) => {
    const cashback = cashbackFor(payment.amount, payment.merchantId, rules);
    return cashback === null ? [] : [{ record, payment, cashback }];
  };
}
