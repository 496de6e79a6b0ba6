/** One message to write. `value` is already serialized. */
export interface PublishRequest {
  topic: string;
  key?: string;
  value: string;
}

/** Where the broker stored the message. Offsets are int64, hence a decimal string. */
export interface PublishResult {
  topic: string;
  partition: number;
  offset: string;
}

/** Why a publish failed, as far as the HTTP layer cares. */
export type PublishFailure = "unavailable" | "unknown_topic";

/** A publish that failed; `kind` picks the HTTP status, `message` is safe to show. */
export class PublishError extends Error {
  override readonly name = "PublishError";
  constructor(readonly kind: PublishFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The producer app's only dependency on Kafka: resolves once the broker acknowledged. */
export interface Publisher {
  publish(req: PublishRequest): Promise<PublishResult>;
}
