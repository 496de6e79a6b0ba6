import { HttpError } from "@tally/http-kit";
import type { PublishRequest } from "./publisher.ts";

/** 1 to 128 printable ASCII characters (space to tilde): safe in an HTTP header, a Kafka header and a log line. */
const KEY = /^[\x20-\x7e]{1,128}$/;

/** True for a usable idempotency key (the header's or a batch item's `id`). */
export function isIdempotencyKey(key: string): boolean {
  return KEY.test(key);
}

/** The `Idempotency-Key` header, validated; undefined when absent. Throws 400 when malformed. */
export function parseIdempotencyKeyHeader(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!isIdempotencyKey(header)) {
    throw new HttpError(400, "invalid_idempotency_key", "Idempotency-Key must be 1 to 128 printable ASCII characters");
  }
  return header;
}

/**
 * What "the same request" means for a reused key: same topic, same form, same messages (value, key,
 * id), compared by SHA-256 so the store keeps 44 bytes per key, not the body.
 */
export function requestFingerprint(req: PublishRequest, batch: boolean): string {
  const hasher = new Bun.CryptoHasher("sha256");
  hasher.update(JSON.stringify([req.topic, batch, req.messages.map((m) => [m.value, m.key ?? null, m.idempotencyKey ?? null])]));
  return hasher.digest("base64");
}
