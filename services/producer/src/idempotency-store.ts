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
  key: string;
  fingerprint: string;
  outcome: Promise<R>;
  expiresAt: number;
  // Recency list, oldest at `oldest`: an explicit list because evicting from the front of a Map and
  // iterating it again degrades in JavaScriptCore (deleted slots are skipped one by one): 100 µs per
  // request after 200,000 keys with a cap of 100,000, against ~2 µs with this list.
  newer?: Entry<R>;
  older?: Entry<R>;
}

export class IdempotencyStore<R> {
  private readonly entries = new Map<string, Entry<R>>();
  private oldest: Entry<R> | undefined;
  private newest: Entry<R> | undefined;
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
      this.unlink(known);
      this.append(known);
      return { result: await known.outcome, replayed: true };
    }
    if (known !== undefined) this.remove(known);
    const outcome = work();
    const entry: Entry<R> = { key, fingerprint, outcome, expiresAt: now + this.opts.ttlMs };
    this.entries.set(key, entry);
    this.append(entry);
    this.evict(now);
    try {
      return { result: await outcome, replayed: false };
    } catch (err) {
      if (this.entries.get(key) === entry) this.remove(entry);
      throw err;
    }
  }

  /** Keys remembered now (expired ones may linger until the next call). */
  get size(): number {
    return this.entries.size;
  }

  /** Drops least recently used keys over the cap, and expired ones at the old end. */
  private evict(now: number): void {
    for (let e = this.oldest; e !== undefined && (this.entries.size > this.opts.maxKeys || e.expiresAt <= now); e = this.oldest) {
      this.remove(e);
    }
  }

  private remove(e: Entry<R>): void {
    this.entries.delete(e.key);
    this.unlink(e);
  }

  private append(e: Entry<R>): void {
    e.older = this.newest;
    e.newer = undefined;
    if (this.newest !== undefined) this.newest.newer = e;
    else this.oldest = e;
    this.newest = e;
  }

  private unlink(e: Entry<R>): void {
    if (e.older !== undefined) e.older.newer = e.newer;
    else this.oldest = e.newer;
    if (e.newer !== undefined) e.newer.older = e.older;
    else this.newest = e.older;
    e.older = e.newer = undefined;
  }
}
