import type { Transform } from "@tally/pipeline";
import type { KafkaRecord } from "@tally/pipeline/kafka";
import { idempotencyKey } from "./idempotency-key.ts";

/** Dead-letters messages whose idempotency-key header is unusable (kind `bad_idempotency_key`); the others go on. */
export function rejectBadIdempotencyKeys(): Transform<KafkaRecord, KafkaRecord> {
  return (items, ctx) =>
    items.filter((record) => {
      const id = idempotencyKey(record.headers);
      if (!("problem" in id)) return true;
      ctx.reject(record, id.problem, "bad_idempotency_key");
      return false;
    });
}
