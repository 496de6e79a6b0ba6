/**
 * Sources yield batches (Beam calls them bundles). A batch is the unit of acknowledgement: the runner
 * calls `ack` only after the sink durably wrote everything derived from it.
 */

/** One batch of elements from a source. */
export interface SourceBatch<T> {
  /**
   * Stable identity of this batch's input, e.g. `billing-files/2@1041` or a file path. Sinks use it in
   * idempotent upsert keys so a redelivered batch rewrites the same rows instead of adding to them.
   */
  readonly id: string;
  readonly items: readonly T[];
  /** Marks the batch processed (Kafka: resolve and commit its offsets). Called at most once. */
  ack(): Promise<void>;
  /** Keeps the source's lease alive while the runner waits on a slow sink (Kafka: heartbeat). */
  keepAlive?(): Promise<void>;
}

/** Something that yields batches until it is exhausted or closed. */
export interface Source<T> {
  batches(signal?: AbortSignal): AsyncIterable<SourceBatch<T>>;
  /** Releases connections; the runner calls it when it stops, whatever the reason. */
  close?(): Promise<void>;
}

/** A batch whose ack does nothing: for sources with nothing to commit (files, arrays). */
export function batchOf<T>(id: string, items: readonly T[], ack: () => Promise<void> = async () => {}): SourceBatch<T> {
  return { id, items, ack };
}
