import type { BatchHandler } from "./consume-state.ts";

/**
 * The placeholder handler until the pipeline jobs are wired in: it writes nothing, so
 * "durably processed" is trivially true, and it only reports how many records it saw.
 */
export const countingHandler: BatchHandler = async (batch) => ({ records: batch.messages.length });
