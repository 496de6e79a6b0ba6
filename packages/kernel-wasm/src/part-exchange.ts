/**
 * The key-range exchange between the two parts of a file aggregated on two threads (the kernel's
 * route.ts): each part keeps the keys on its side of a split key and hands the other keys' records
 * to the other part's thread through a ring in shared memory, so the two tables end up with disjoint
 * key ranges. Each then sorts and writes only its own rows, the first part's range before the
 * second's: no join of two ~460k-group tables at the end, and each table half as big while it is
 * filled. The split key only balances the work; any key gives the same rows.
 */
import * as C from "./constants.ts";
import { ExchangeAbortedError } from "./errors.ts";
import type { KernelExports } from "./kernel-exports.ts";

/** Outbox-sized slots per ring: a thread can run this many outboxes ahead of the other. */
const RING_SLOTS = 4;
/** Control words: each slot's byte count (0: empty), then the sender's "done" and either side's "abort". */
const DONE = RING_SLOTS;
const ABORT = RING_SLOTS + 1;
/** How long a thread waits for the other before the exchange is given up. */
const WAIT_MS = 30_000;
/** The outbox goes out once it holds this much (and whenever it fills). */
const SEND_AT = C.OUTBOX_SIZE / 2;

/** One direction of the exchange: control words and RING_SLOTS slots of OUTBOX_SIZE bytes (shared). */
export type Ring = SharedArrayBuffer;

/** What one part needs to take part in an exchange (posted to its Worker as is). */
export interface ExchangeSide {
  /** 1: this part keeps keys below `split`; 2: at or above it. */
  side: 1 | 2;
  /** The split key's bytes (at most ROUTE_SPLIT_MAX). */
  split: Uint8Array;
  /** Where this part sends the other part's records, and where it receives its own. */
  out: Ring;
  in: Ring;
}

/** The two sides of a new exchange around `split` (side 1 keeps the keys below it). */
export function createExchange(split: Uint8Array): [ExchangeSide, ExchangeSide] {
  if (split.length > C.ROUTE_SPLIT_MAX) throw new RangeError(`split key longer than ${C.ROUTE_SPLIT_MAX} bytes`);
  const ring = () => new SharedArrayBuffer(64 + RING_SLOTS * C.OUTBOX_SIZE);
  const a = ring();
  const b = ring();
  return [
    { side: 1, split, out: a, in: b },
    { side: 2, split, out: b, in: a },
  ];
}

/** Whether kernel instance `x` can route records (kernels built before route.ts cannot). */
export function canExchange(x: KernelExports): boolean {
  return typeof x.setRoute === "function" && typeof x.ingest === "function";
}

/** One part's end of the exchange, bound to its kernel instance (see PartAggregator.exchange). */
export class PartExchange {
  private readonly outCtl: Int32Array;
  private readonly inCtl: Int32Array;
  private readonly outBytes: Uint8Array;
  private readonly inBytes: Uint8Array;
  private nextOut = 0;
  private nextIn = 0;
  /** When the other side last filled or freed a slot. */
  private heard = Date.now();

  constructor(private readonly x: KernelExports, s: ExchangeSide) {
    if (!canExchange(x)) throw new ExchangeAbortedError("this kernel cannot route records");
    this.outCtl = new Int32Array(s.out, 0, 16);
    this.inCtl = new Int32Array(s.in, 0, 16);
    this.outBytes = new Uint8Array(s.out, 64);
    this.inBytes = new Uint8Array(s.in, 64);
    new Uint8Array(x.memory.buffer, C.ROUTE_SPLIT, s.split.length).set(s.split);
    if (x.setRoute!(s.side, s.split.length) !== 0) throw new RangeError("setRoute refused its arguments");
  }

  /** After a push: sends the outbox once it is half full, and takes in what the other side sent. */
  afterPush(): void {
    if (this.x.outboxUsed!() >= SEND_AT) this.send();
    while (this.receive());
  }

  /**
   * The kernel stopped with STATUS_FULL: sends the outbox if that was it (the caller resumes); a full
   * table cannot be drained mid-exchange (its groups would mix with the other side's range), so that
   * gives the exchange up.
   */
  onFull(): void {
    if (this.x.outboxWasFull!() !== 1) this.fail("a part's group table filled during the key exchange");
    this.send();
  }

  /** This part's records are all counted: sends the rest, then takes in the other side's until it is done too. */
  finish(): void {
    if (this.x.outboxUsed!() > 0) this.send();
    Atomics.store(this.outCtl, DONE, 1);
    Atomics.notify(this.outCtl, this.nextOut);
    for (;;) {
      if (this.receive()) continue;
      if (Atomics.load(this.inCtl, DONE) === 1) {
        // Done is set after the last slot was filled: one more look, then every slot is taken.
        if (this.receive()) continue;
        break;
      }
      this.wait(this.inCtl, this.nextIn, 0);
    }
    this.x.setRoute!(0, 0);
  }

  /** Gives the exchange up on both sides (the other thread's waits end with ExchangeAbortedError). */
  abort(): void {
    for (const ctl of [this.outCtl, this.inCtl]) {
      Atomics.store(ctl, ABORT, 1);
      for (let i = 0; i < RING_SLOTS; i++) Atomics.notify(ctl, i);
    }
  }

  private fail(why: string): never {
    this.abort();
    throw new ExchangeAbortedError(why);
  }

  /** Copies the outbox into the next free slot of the out ring, taking in meanwhile while none is free. */
  private send(): void {
    const n = this.x.outboxUsed!();
    const slot = this.nextOut;
    while (Atomics.load(this.outCtl, slot) !== 0) {
      if (!this.receive()) this.wait(this.outCtl, slot, Atomics.load(this.outCtl, slot));
    }
    this.heard = Date.now();
    this.outBytes.set(new Uint8Array(this.x.memory.buffer, C.OUTBOX_BASE, n), slot * C.OUTBOX_SIZE);
    this.x.outboxTaken!();
    Atomics.store(this.outCtl, slot, n);
    Atomics.notify(this.outCtl, slot);
    this.nextOut = (slot + 1) % RING_SLOTS;
  }

  /** Takes in the next slot of the in ring if it is filled; false when it is empty. */
  private receive(): boolean {
    const slot = this.nextIn;
    const n = Atomics.load(this.inCtl, slot);
    if (n === 0) return false;
    const x = this.x;
    new Uint8Array(x.memory.buffer, C.INBOX_BASE, n).set(this.inBytes.subarray(slot * C.OUTBOX_SIZE, slot * C.OUTBOX_SIZE + n));
    if (x.ingest!(C.INBOX_BASE, C.INBOX_BASE + n) !== C.INBOX_BASE + n) this.fail("a part's group table filled during the key exchange");
    Atomics.store(this.inCtl, slot, 0);
    Atomics.notify(this.inCtl, slot);
    this.nextIn = (slot + 1) % RING_SLOTS;
    this.heard = Date.now();
    return true;
  }

  /** Waits while ctl[i] is `value`: fails when the exchange was given up, or the other side is silent for WAIT_MS. */
  private wait(ctl: Int32Array, i: number, value: number): void {
    if (Atomics.load(this.outCtl, ABORT) === 1 || Atomics.load(this.inCtl, ABORT) === 1) this.fail("the other part gave the key exchange up");
    // Short waits: the other side may also notify through the other ring (or abort on it).
    if (Atomics.wait(ctl, i, value, 5) !== "timed-out") return;
    if (Date.now() - this.heard > WAIT_MS) this.fail(`no word from the other part in ${WAIT_MS / 1000} s`);
  }
}
