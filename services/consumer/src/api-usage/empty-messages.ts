import type { Aggregated, Transform } from "@tally/pipeline";
import type { KafkaRecord } from "@tally/pipeline/kafka";

/**
 * Dead-letters messages that hold no line at all (no value, or only blank lines) with the reason
 * `empty` instead of passing them by: a producer bug that sends nothing should be seen, not billed
 * as nothing. Messages with lines, even all of them rejected, go on.
 */
export function rejectEmptyMessages(what: string): Transform<Aggregated<KafkaRecord>, Aggregated<KafkaRecord>> {
  return (items, ctx) =>
    items.filter(({ input, result }) => {
      if (result.records > 0 || result.rejectedCount > 0) return true;
      ctx.reject(input, input.value === null ? "empty: the message has no value" : `empty: the message holds no ${what}`, "empty");
      return false;
    });
}
