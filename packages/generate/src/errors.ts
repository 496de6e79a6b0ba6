/**
 * The errors of @tally/generate. Callers map them onto their own surface: the CLI onto exit codes,
 * the producer service onto HTTP statuses.
 */

/** An option a caller passed is invalid (unknown kind, count out of range, …); `option` names it. */
export class GenerateOptionError extends Error {
  override readonly name = "GenerateOptionError";
  constructor(readonly option: string, message: string) {
    super(message);
  }
}

/** Why writing generated records to Kafka failed, as far as a caller can act on it. */
export type ProduceFailure = "unavailable" | "unknown_topic";

/** Writing generated records to Kafka failed; `sent` records were acknowledged before that. */
export class GenerateProduceError extends Error {
  override readonly name = "GenerateProduceError";
  constructor(readonly kind: ProduceFailure, message: string, readonly sent: number, options?: { cause?: unknown }) {
    super(message, options);
  }
}
