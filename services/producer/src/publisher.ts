/** One message to write. `value` is already serialized. */
export interface OutgoingMessage {
  key?: string;
  value: string;
  /** Written as the Kafka header `idempotency-key`, which consumers dedupe on. */
  idempotencyKey?: string;
}

/** Messages for one topic, written in order. */
export interface PublishRequest {
  topic: string;
  messages: OutgoingMessage[];
}

/** Where the broker stored one message. Offsets are int64, hence a decimal string. */
export interface Placement {
  partition: number;
  offset: string;
}

/** Why a publish failed, as far as the HTTP layer cares. */
export type PublishFailure = "unavailable" | "unknown_topic" | "too_large";

/** A publish that failed; `kind` picks the HTTP status, `message` is safe to show. */
export class PublishError extends Error {
  override readonly name = "PublishError";
  constructor(readonly kind: PublishFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The producer app's only dependency on Kafka: resolves once the broker acknowledged every message. */
export interface Publisher {
  /** One placement per message, in order. */
  publish(req: PublishRequest): Promise<Placement[]>;
}
