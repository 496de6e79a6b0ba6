import { BILLING_FILE_SPEC } from "@tally/billing";
import { decimal, type Decimal } from "@tally/decimal";
import type { Aggregated } from "@tally/pipeline";
import type { FileRef } from "@tally/pipeline/file";

/** One billing file's result, ready to store. */
export interface FileTotals {
  /** The file's path relative to DATA_DIR, with "/" separators (the upsert key). */
  source: string;
  companies: { company: string; total: Decimal; records: number }[];
  records: number;
  rejected: number;
  bytes: number;
}

/** The kernel's per-company groups of one file as exact totals at the billing scale. */
export function fileTotals({ input, result }: Aggregated<FileRef<unknown>>): FileTotals {
  return {
    source: input.name,
    companies: result.groups.map((g) => ({ company: g.key[0] ?? "", total: decimal(g.sum ?? 0n, BILLING_FILE_SPEC.scale), records: g.count })),
    records: result.records,
    rejected: result.rejectedCount,
    bytes: result.bytes,
  };
}
