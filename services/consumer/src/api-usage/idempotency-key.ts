import type { IHeaders } from "kafkajs";
import type { KafkaRecord } from "@tally/pipeline/kafka";

/** The Kafka header the producer copies a request's `Idempotency-Key` into (batch item i: `<key>/<i>`). */
export const IDEMPOTENCY_HEADER = "idempotency-key";
/** Longest key accepted, in UTF-8 bytes (the producer allows 128 characters plus `/<i>`). */
export const MAX_IDEMPOTENCY_KEY_BYTES = 1024;

const strict = new TextDecoder("utf-8", { fatal: true });

/** A message's idempotency key: absent, present, or present but unusable (with why). */
export type IdempotencyKey = { key: null } | { key: string } | { problem: string };

/**
 * Reads the `idempotency-key` header. Repeated with one value is that value; repeated with different
 * values, empty, not UTF-8, over 1 KiB or holding control characters is a problem: such a message is
 * dead-lettered rather than billed by its offset, which would bill a retried copy twice.
 */
export function idempotencyKey(headers: IHeaders): IdempotencyKey {
  const raw = headers[IDEMPOTENCY_HEADER];
  if (raw === undefined) return { key: null };
  const values = (Array.isArray(raw) ? raw : [raw]).map((v) => (typeof v === "string" ? Buffer.from(v) : v));
  const first = values[0];
  if (first === undefined) return { key: null };
  if (values.some((v) => !v.equals(first))) return { problem: `${values.length} different ${IDEMPOTENCY_HEADER} headers` };
  if (first.byteLength === 0) return { problem: `empty ${IDEMPOTENCY_HEADER} header` };
  if (first.byteLength > MAX_IDEMPOTENCY_KEY_BYTES) return { problem: `${IDEMPOTENCY_HEADER} header longer than ${MAX_IDEMPOTENCY_KEY_BYTES} bytes` };
  let key: string;
  try {
    key = strict.decode(first);
  } catch {
    return { problem: `${IDEMPOTENCY_HEADER} header is not valid UTF-8` };
  }
  // Control characters (C0, DEL, C1) would make the key ambiguous in logs and letters.
  if (/[\u0000-\u001f\u007f-\u009f]/.test(key)) return { problem: `${IDEMPOTENCY_HEADER} header holds control characters` };
  return { key };
}

/**
 * The upsert key of a message's api-usage rows: `<topic>/key/<idempotency key>` when the message
 * carries one, so a copy of it at another offset (a client's retry after a producer crash) rewrites
 * the same rows; `<topic>/<partition>/<offset>` otherwise (a redelivery keeps its offset; a retried
 * copy without a key is billed again). Topic names hold no `/`, so the two forms never collide.
 * Throws for a message whose key is unusable: `rejectBadIdempotencyKeys` keeps those out.
 */
export function usageSource(record: KafkaRecord): string {
  const id = idempotencyKey(record.headers);
  if ("problem" in id) throw new TypeError(`unusable idempotency key reached billing: ${id.problem}`);
  return id.key === null ? `${record.topic}/${record.partition}/${record.offset}` : `${record.topic}/key/${id.key}`;
}
