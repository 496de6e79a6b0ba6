import type { BatchHandler } from "@tally/pipeline/kafka";

/**
 * The handler for consumed topics that have no job (see jobs/topic-router.ts): it writes
 * nothing, so "durably processed" is trivially true, and it only reports how many records it saw.
 */
export const countingHandler: BatchHandler = async (batch) => ({ records: batch.messages.length });
