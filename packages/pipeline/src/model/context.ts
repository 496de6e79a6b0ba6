/**
 * What one batch's input held, counted by the steps that read it (rows of a file, lines of a
 * message, events parsed from JSON). Every consuming service reports these per job for free.
 */
export interface InputCounts {
  /** Input records accepted. */
  records: number;
  /** Input records refused as malformed (not counted in any total). */
  rejected: number;
  /** Valid records that came too late for their event-time window (counted here, added nowhere). */
  late: number;
  /** Input bytes read. */
  bytes: number;
  /** Seconds spent in the kernel (parse and aggregate). */
  kernelSeconds: number;
}

/** An all-zero InputCounts. */
export function zeroInputCounts(): InputCounts {
  return { records: 0, rejected: 0, late: 0, bytes: 0, kernelSeconds: 0 };
}

/** What a transform or sink knows about the batch it is working on. */
export interface BatchContext {
  /** The source batch's id (see `SourceBatch.id`): use it in idempotent keys. */
  readonly batchId: string;
  /**
   * Sends one poison element to the dead letters with a reason, instead of failing the batch.
   * Rejected elements are written before the batch is acknowledged, so none is lost. `kind` is a
   * low-cardinality label for metrics (default "rejected").
   */
  reject(item: unknown, reason: string, kind?: string): void;
  /** Adds to what this batch's input held (see InputCounts). */
  count(counts: Partial<InputCounts>): void;
  /** Keeps the source's lease alive during long work, e.g. a multi-GB file (Kafka: heartbeat). */
  keepAlive(): Promise<void>;
  /**
   * Runs `fn` once this attempt's results are durably written (sink and dead letters), before the
   * acknowledgement; never for an attempt that failed. For effects that must follow the write
   * once, such as a step's own counters: counted in a step, a retried attempt would count twice.
   */
  onWritten(fn: () => void): void;
}

/** A rejected element on its way to the dead letters. */
export interface Rejected {
  readonly batchId: string;
  readonly item: unknown;
  readonly reason: string;
  /** Low-cardinality label: unsafe_path, unreadable, bad_format, empty, rejected_lines, permanent_failure, … */
  readonly kind: string;
}

/** Where the runners send rejected elements (e.g. a Kafka dead-letter topic). Resolves once durably written. */
export interface DeadLetterSink {
  write(rejected: readonly Rejected[]): Promise<void>;
}

/** A context collecting rejections and counts, for one attempt at one batch. */
export interface CollectingContext extends BatchContext {
  readonly rejected: Rejected[];
  readonly counts: InputCounts;
  /** What `onWritten` registered, in order; the runner calls them after the writes. */
  readonly written: (() => void)[];
}

/** A fresh context; `keepAlive` defaults to doing nothing (sources without a lease). */
export function createContext(batchId: string, keepAlive: () => Promise<void> = async () => {}): CollectingContext {
  const rejected: Rejected[] = [];
  const counts = zeroInputCounts();
  const written: (() => void)[] = [];
  return {
    batchId,
    rejected,
    counts,
    written,
    keepAlive,
    onWritten(fn) {
      written.push(fn);
    },
    reject(item, reason, kind = "rejected") {
      rejected.push({ batchId, item, reason, kind });
    },
    count(more) {
      counts.records += more.records ?? 0;
      counts.rejected += more.rejected ?? 0;
      counts.late += more.late ?? 0;
      counts.bytes += more.bytes ?? 0;
      counts.kernelSeconds += more.kernelSeconds ?? 0;
    },
  };
}
