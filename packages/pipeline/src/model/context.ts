/** What a transform or sink knows about the batch it is working on. */
export interface BatchContext {
  /** The source batch's id (see `SourceBatch.id`): use it in idempotent keys. */
  readonly batchId: string;
  /**
   * Sends one poison element to the dead letters with a reason, instead of failing the batch.
   * Rejected elements are written before the batch is acknowledged, so none is lost.
   */
  reject(item: unknown, reason: string): void;
}

/** A rejected element on its way to the dead letters. */
export interface Rejected {
  readonly batchId: string;
  readonly item: unknown;
  readonly reason: string;
}

/** Where the runner sends rejected elements (e.g. a Kafka dead-letter topic). */
export interface DeadLetterSink {
  write(rejected: readonly Rejected[]): Promise<void>;
}

/** A context that collects rejections into `rejected`. */
export function createContext(batchId: string): BatchContext & { readonly rejected: Rejected[] } {
  const rejected: Rejected[] = [];
  return {
    batchId,
    rejected,
    reject(item, reason) {
      rejected.push({ batchId, item, reason });
    },
  };
}
