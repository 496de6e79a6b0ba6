import { IdempotencyConflictError } from "./errors.ts";

/**
 * What POST /produce remembers per `Idempotency-Key` while this process lives: a fingerprint of the
 * request and the promise of its outcome. Bounded two ways: at most `maxKeys` keys (least recently used
 * goes first) and each for `ttlMs` after its first use. A failed outcome is forgotten, so a retry tries
 * again. After a restart nothing is remembered: the Kafka header `idempotency-key` lets consumers
 * drop the copy a retry then writes.
 */
export interface IdempotencyStoreOptions {
  maxKeys: number;
  ttlMs: number;
  now?: () => number;
}

/** What `run` answers: the outcome, and whether it was replayed (this call wrote nothing). */
export interface Remembered<R> {
  result: R;
  replayed: boolean;
}

interface Entry<R> {
  fingerprint: string;
  outcome: Promise<R>;
  expiresAt: number;
}

export class IdempotencyStore<R> {
  private readonly entries = new Map<string, Entry<R>>();
  private readonly now: () => number;

  constructor(private readonly opts: IdempotencyStoreOptions) {
    this.now = opts.now ?? Date.now;
  }

  /**
   * Runs `work` once per key: a second call with the same key and fingerprint waits for (or gets at
   * once) the first call's outcome; with another fingerprint it throws IdempotencyConflictError.
   */
  async run(key: string, fingerprint: string, work: () => Promise<R>): Promise<Remembered<R>> {
    const now = this.now();
    const known = this.entries.get(key);
    if (known !== undefined && known.expiresAt > now) {
      if (known.fingerprint !== fingerprint) throw new IdempotencyConflictError(key);
      // Refresh its place in the LRU order (Map iteration order is insertion order).
      this.entries.delete(key);
      this.entries.set(key, known);
      return { result: await known.outcome, replayed: true };
    }
    if (known !== undefined) this.entries.delete(key);
    const outcome = work();
    const entry: Entry<R> = { fingerprint, outcome, expiresAt: now + this.opts.ttlMs };
    this.entries.set(key, entry);
    this.evict(now);
    try {
      return { result: await outcome, replayed: false };
    } catch (err) {
      if (this.entries.get(key) === entry) this.entries.delete(key);
      throw err;
    }
  }

  /** Keys remembered now (expired ones may linger until the next call). */
  get size(): number {
    return this.entries.size;
  }

  private evict(now: number): void {
    for (const [key, entry] of this.entries) {
      if (this.entries.size > this.opts.maxKeys || entry.expiresAt <= now) this.entries.delete(key);
      else break;
    }
  }
}
