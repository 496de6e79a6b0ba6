import { refusedOf } from "@tally/billing";
import type { Aggregated, Transform } from "@tally/pipeline";
import type { FileRef } from "@tally/pipeline/file";
import type { KafkaRecord } from "@tally/pipeline/kafka";

/** Rejections named in one dead letter at most; the reason says how many more there were. */
const LISTED = 20;

/**
 * For each billed file with rejected rows, one dead letter (kind `rejected_rows`) holding the message
 * that named the file and the rows' reasons: the file's other rows are billed, its rejected ones are
 * counted (processed_files.rejected, tally_job_records_rejected_total) and visible here — never lost.
 */
export function deadLetterRejectedRows(): Transform<Aggregated<FileRef<KafkaRecord>>, Aggregated<FileRef<KafkaRecord>>> {
  return (items, ctx) => {
    for (const { input, result } of items) {
      if (result.rejectedCount === 0) continue;
      ctx.reject(input.input, rejectedRowsReason(input.name, result), "rejected_rows");
    }
    return items;
  };
}

/** `3 row(s) of r.csv rejected, the others were billed: line 4: negative value; 2 row(s) with company "": company is empty`. */
export function rejectedRowsReason(name: string, result: Aggregated<unknown>["result"]): string {
  const parts = [
    ...result.rejections.map((r) => ({ text: `line ${r.line}: ${r.reason}`, rows: 1 })),
    ...refusedOf(result).map((r) => ({ text: `${r.rows} row(s) with company ${shown(r.key[0] ?? "")}: ${r.reason}`, rows: r.rows })),
  ].slice(0, LISTED);
  const unlisted = result.rejectedCount - parts.reduce((n, p) => n + p.rows, 0);
  const more = unlisted > 0 ? ` (and ${unlisted} more row(s) not listed)` : "";
  return `${result.rejectedCount} row(s) of ${name} rejected, the others were billed: ${parts.map((p) => p.text).join("; ")}${more}`;
}

/** A name as JSON, cut at 64 characters: a reason must stay one readable line. */
function shown(value: string): string {
  return value.length > 64 ? `${JSON.stringify(value.slice(0, 64))}…` : JSON.stringify(value);
}
