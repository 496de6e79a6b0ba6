import type { Transform } from "../../model/transform.ts";
import type { Aggregated } from "../../transforms/kernel-aggregate.ts";
import type { KafkaRecord } from "./kafka-record.ts";

/**
 * For line-based inputs (log lines, NDJSON) carried in Kafka messages: the lines of a message that
 * the kernel refused go to the dead letters, one letter per message holding only those lines; the
 * message's good lines stay in the results (re-sending the whole message would count them twice).
 * The kernel lists up to its cap of line numbers; the reason says when more were refused.
 */
export function deadLetterRejectedLines(what = "line"): Transform<Aggregated<KafkaRecord>, Aggregated<KafkaRecord>> {
  return (items, ctx) => {
    for (const { input, result } of items) {
      if (result.rejectedCount === 0) continue;
      const lines = lineBytes(input.value);
      const listed = result.rejections.map((r) => `line ${r.line}: ${r.reason}`).join("; ");
      const more = result.rejectedCount > result.rejections.length ? ` (and ${result.rejectedCount - result.rejections.length} more not listed)` : "";
      // The lines' bytes as received (not decoded and re-encoded: invalid UTF-8 stays as it was).
      const value = Buffer.concat(result.rejections.flatMap((r, i) => [...(i > 0 ? [LF] : []), lines[r.line - 1] ?? EMPTY]));
      ctx.reject({ ...input, value }, `${result.rejectedCount} ${what}(s) rejected, the others were kept: ${listed}${more}`, "rejected_lines");
    }
    return items;
  };
}

const LF = Buffer.from("\n");
const EMPTY = Buffer.alloc(0);

/** A message's lines as byte slices, split at LF, each without a trailing CR. */
function lineBytes(value: Buffer | null): Buffer[] {
  const lines: Buffer[] = [];
  if (value === null) return lines;
  for (let start = 0; start <= value.byteLength; ) {
    let end = value.indexOf(10, start);
    if (end === -1) end = value.byteLength;
    lines.push(value.subarray(start, end > start && value[end - 1] === 13 ? end - 1 : end));
    start = end + 1;
  }
  return lines;
}
