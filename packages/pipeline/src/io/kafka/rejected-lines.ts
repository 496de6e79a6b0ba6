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
      const lines = (input.value?.toString("utf8") ?? "").split(/\r?\n/);
      const listed = result.rejections.map((r) => `line ${r.line}: ${r.reason}`).join("; ");
      const more = result.rejectedCount > result.rejections.length ? ` (and ${result.rejectedCount - result.rejections.length} more not listed)` : "";
      const value = Buffer.from(result.rejections.map((r) => lines[r.line - 1] ?? "").join("\n"));
      ctx.reject({ ...input, value }, `${result.rejectedCount} ${what}(s) rejected, the others were kept: ${listed}${more}`, "rejected_lines");
    }
    return items;
  };
}
