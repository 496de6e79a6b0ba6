import type { BatchHandler } from "@tally/pipeline/kafka";

/**
 * Routes each fetched batch (one topic-partition) to the job for its topic. Topics without a job
 * go to `fallback` (the counting handler: consumed, committed, nothing written), so a consumer
 * pointed at an extra topic still drains it; index.ts warns about such topics at startup.
 */
export function routeByTopic(routes: ReadonlyMap<string, BatchHandler>, fallback: BatchHandler): BatchHandler {
  return (batch, ctx) => (routes.get(batch.topic) ?? fallback)(batch, ctx);
}
