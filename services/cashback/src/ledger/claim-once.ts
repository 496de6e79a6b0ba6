import type { Decimal } from "@tally/decimal";
import type { Transform } from "@tally/pipeline";
import type { KafkaRecord } from "@tally/pipeline/kafka";
import type { CashbackMetrics } from "../metrics.ts";
import type { InvalidPayment, Payment } from "../payments/payment.ts";
import { classifyClaim, conflictDetail } from "./claim.ts";
import type { Ledger } from "./ledger-store.ts";
import type { PaidPayment } from "./paid-payment.ts";

/** An eligible payment and the cashback the rules give it. */
export interface EligiblePayment {
  readonly record: KafkaRecord;
  readonly payment: Payment;
  readonly cashback: Decimal;
}

/** A claimed payment: the ledger row it is paid under (for `redelivered` and `duplicate`, the stored one). */
export interface ClaimedPayment {
  readonly kind: "paid" | "redelivered" | "duplicate";
  readonly record: KafkaRecord;
  readonly row: PaidPayment;
}

/** True for the claims whose eligible message is (re)produced: paid now, or redelivered. */
export const toPublish = (c: ClaimedPayment | InvalidPayment): c is ClaimedPayment => c.kind === "paid" || c.kind === "redelivered";

/**
 * Claims each eligible payment's transaction id in the ledger (one LWT per id, batched per
 * partition) and classifies it (see ClaimKind). Copies of one id within the batch are claimed
 * once and compared with the row that wins. A conflict comes out as an InvalidPayment
 * (`conflicting_duplicate`) for the errors table. New rows are counted as paid right away: the row
 * is durable now, and a retry of this batch will find it and not count it again.
 */
export function claimOnce(ledger: Ledger, metrics: CashbackMetrics): Transform<EligiblePayment, ClaimedPayment | InvalidPayment> {
  return async (items, ctx) => {
    const candidates = items.map(toPaid);
    const first = new Map<string, number>();
    candidates.forEach((c, i) => first.has(c.transactionId) || first.set(c.transactionId, i));
    const answers = await ledger.claim([...first.values()].map((i) => candidates[i]!));
    await ctx.keepAlive(); // a whole fetch's claims can take seconds: tell the group this member lives
    const rows = new Map(answers.map((a) => [a.candidate.transactionId, a]));
    const out: (ClaimedPayment | InvalidPayment)[] = [];
    const again = { redelivered: 0, duplicate: 0 };
    candidates.forEach((candidate, i) => {
      const answer = rows.get(candidate.transactionId)!;
      const isFirst = first.get(candidate.transactionId) === i;
      // A later copy in this batch compares with whatever holds the id now: the stored row, or the first copy's.
      const stored = isFirst ? answer.stored : (answer.stored ?? answer.candidate);
      const kind = classifyClaim(candidate, stored);
      const record = items[i]!.record;
      if (kind === "conflict") {
        out.push({ kind: "invalid", record, reason: "conflicting_duplicate", detail: conflictDetail(candidate, stored!) });
        return;
      }
      if (kind === "paid") metrics.paid(candidate.cashback);
      else again[kind]++;
      out.push({ kind, record, row: stored ?? candidate });
    });
    ctx.onWritten(() => {
      metrics.notPaidAgain("redelivered", again.redelivered);
      metrics.notPaidAgain("duplicate", again.duplicate);
    });
    return out;
  };
}

function toPaid({ record, payment, cashback }: EligiblePayment): PaidPayment {
  return { ...payment, cashback, source: { topic: record.topic, partition: record.partition, offset: record.offset } };
}
