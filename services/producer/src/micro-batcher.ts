/**
 * Coalesces items from concurrent callers into few calls of `send`: the first item of an empty batch
 * starts a linger timer; the batch goes when the timer fires or when the next item would pass the
 * message or byte cap. Each caller gets back its own items' results, in its order.
 * Pure logic: no Kafka in here; the clock comes in through `schedule` so tests drive it by hand.
 */

/** Runs `fn` after `ms` milliseconds; returns a function that cancels it. */
export type Schedule = (fn: () => void, ms: number) => () => void;

export interface MicroBatcherOptions<T> {
  /** How long the first item of a batch waits for company (0: until the current event-loop turn ends). */
  lingerMs: number;
  /** Most items per send. */
  maxItems: number;
  /** Most bytes per send (an item larger than this alone goes alone). */
  maxBytes: number;
  /**
   * Most sends in flight before a due batch waits (default: no limit). While the limit is reached,
   * items keep joining the waiting batch, which goes as soon as a send completes: under load batches
   * grow to what arrives during one round trip, while a lone item still goes after the linger alone.
   * A batch that reaches a cap goes regardless.
   */
  maxInFlight?: number;
  /** Size of one item in bytes, counted against maxBytes. */
  sizeOf: (item: T) => number;
  schedule?: Schedule;
  /** Clock for `waitedMs` (default performance.now). */
  now?: () => number;
}

/**
 * Sends one batch: resolves with one outcome per item, in order (an Error for an item that failed
 * alone), or rejects when the whole batch failed. `waitedMs` is how long its oldest item has queued,
 * so a send can keep every caller's total wait within one deadline.
 */
export type SendBatch<T, R> = (items: T[], waitedMs: number) => Promise<(R | Error)[]>;

interface Waiter<R> {
  results: R[];
  remaining: number;
  settled: boolean;
  resolve: (results: R[]) => void;
  reject: (err: unknown) => void;
}

interface Slot<T, R> {
  item: T;
  waiter: Waiter<R>;
  index: number;
}

/** The default clock: a timer, or setImmediate for a linger of 0. */
export const realSchedule: Schedule = (fn, ms) => {
  if (ms <= 0) {
    const handle = setImmediate(fn);
    return () => clearImmediate(handle);
  }
  const handle = setTimeout(fn, ms);
  return () => clearTimeout(handle);
};

export class MicroBatcher<T, R> {
  private slots: Slot<T, R>[] = [];
  private bytes = 0;
  /** When the oldest queued item arrived. */
  private firstAt = 0;
  private cancelTimer: (() => void) | undefined;
  /** The linger ran out while maxInFlight sends were in flight: send when one completes. */
  private due = false;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly schedule: Schedule;
  private readonly now: () => number;

  constructor(private readonly send: SendBatch<T, R>, private readonly opts: MicroBatcherOptions<T>) {
    this.schedule = opts.schedule ?? realSchedule;
    this.now = opts.now ?? (() => performance.now());
  }

  /** Queues `items` (one caller's) and resolves with their results once every batch holding them is sent. */
  add(items: readonly T[]): Promise<R[]> {
    if (items.length === 0) return Promise.resolve([]);
    return new Promise<R[]>((resolve, reject) => {
      const waiter: Waiter<R> = { results: new Array<R>(items.length), remaining: items.length, settled: false, resolve, reject };
      for (let index = 0; index < items.length; index++) {
        const item = items[index]!;
        const size = this.opts.sizeOf(item);
        const full = this.slots.length >= this.opts.maxItems || this.bytes + size > this.opts.maxBytes;
        if (full && this.slots.length > 0) this.flush();
        this.slots.push({ item, waiter, index });
        this.bytes += size;
        if (this.slots.length === 1) {
          this.firstAt = this.now();
          this.cancelTimer = this.schedule(() => this.lingerOver(), this.opts.lingerMs);
        }
      }
      if (this.slots.length >= this.opts.maxItems || this.bytes >= this.opts.maxBytes) this.flush();
    });
  }

  /** Items waiting for the next send. */
  get pending(): number {
    return this.slots.length;
  }

  private lingerOver(): void {
    this.cancelTimer = undefined;
    if (this.inFlight.size >= (this.opts.maxInFlight ?? Infinity)) this.due = true;
    else this.flush();
  }

  /** Sends what is queued now, without waiting for the linger. */
  flush(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.due = false;
    const slots = this.slots;
    if (slots.length === 0) return;
    this.slots = [];
    this.bytes = 0;
    const sending = this.sendSlots(slots, this.now() - this.firstAt);
    this.inFlight.add(sending);
    void sending.finally(() => {
      this.inFlight.delete(sending);
      if (this.due) this.flush();
    });
  }

  /** Sends what is queued and waits for every send in flight (shutdown). */
  async drain(): Promise<void> {
    this.flush();
    await Promise.all(this.inFlight);
  }

  private async sendSlots(slots: Slot<T, R>[], waitedMs: number): Promise<void> {
    let outcomes: (R | Error)[];
    try {
      outcomes = await this.send(
        slots.map((s) => s.item),
        waitedMs,
      );
      if (outcomes.length !== slots.length) throw new Error(`send returned ${outcomes.length} results for ${slots.length} items`);
    } catch (err) {
      for (const s of slots) settle(s.waiter, err);
      return;
    }
    for (let i = 0; i < slots.length; i++) {
      const { waiter, index } = slots[i]!;
      const outcome = outcomes[i]!;
      if (outcome instanceof Error) {
        settle(waiter, outcome);
        continue;
      }
      if (waiter.settled) continue;
      waiter.results[index] = outcome;
      if (--waiter.remaining === 0) {
        waiter.settled = true;
        waiter.resolve(waiter.results);
      }
    }
  }
}

/** Fails a caller once; its other items' outcomes are ignored. */
function settle<R>(waiter: Waiter<R>, err: unknown): void {
  if (waiter.settled) return;
  waiter.settled = true;
  waiter.reject(err);
}
