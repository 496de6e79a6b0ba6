import type { Transform } from "@tally/pipeline";
import type { KafkaRecord } from "@tally/pipeline/kafka";
import type { CashbackMetrics } from "../metrics.ts";
import type { PaymentRead } from "./payment.ts";
import { readPayment } from "./read-payment.ts";

/**
 * The job's decoding step: each Kafka record read as a payment or an invalid record (see
 * readPayment), counted for the runner (`tally_job_records_total` valid, `…_rejected_total`
 * invalid, bytes) and for `tally_cashback_payments_total` once the batch is written.
 */
export function readPayments(metrics: CashbackMetrics): Transform<KafkaRecord, PaymentRead> {
  return (records, ctx) => {
    const out = records.map(readPayment);
    const rejected = out.filter((r) => r.kind === "invalid").length;
    const bytes = records.reduce((n, r) => n + (r.value?.length ?? 0), 0);
    ctx.count({ records: out.length - rejected, rejected, bytes });
    ctx.onWritten(() => metrics.seen(records.length));
    return out;
  };
}
