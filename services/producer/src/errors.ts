/** The producer's own errors (publish failures are PublishError in publisher.ts, beside the Publisher they belong to). */

/** POST /generate while the allowed number of generations already runs (HTTP 429). */
export class GenerationLimitError extends Error {
  override readonly name = "GenerationLimitError";
  constructor(readonly maxRunning: number, readonly running: readonly string[]) {
    super(
      `${maxRunning === 1 ? "a generation is" : `${maxRunning} generations are`} already running${running.length > 0 ? ` (${running.join(", ")})` : ""}; ` +
        "wait for it to finish or cancel it with DELETE /generate/{id}",
    );
  }
}

/** An Idempotency-Key reused with a different request (HTTP 422). */
export class IdempotencyConflictError extends Error {
  override readonly name = "IdempotencyConflictError";
  constructor(readonly key: string) {
    super(`Idempotency-Key ${JSON.stringify(key)} was already used with a different request; use a new key for a new request`);
  }
}
