/**
 * The kernel's key routing (assembly/route.ts) on one thread: a part that keeps the keys below a
 * split key sends every other record to its outbox, another instance keeping the keys at or above it
 * ingests that outbox, and the two tables are then the one-table result cut at the split key — keys of
 * any bytes and length (the short-key select path and the long-key path), split keys longer than 16
 * bytes, prefixes of each other, quoted keys, negative amounts, an outbox that fills mid-push.
 */
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import * as C from "./constants.ts";
import type { KernelExports } from "./kernel-exports.ts";
import { writeSpec } from "./kernel-spec.ts";
import { normalizeSpec } from "./spec.ts";
import { loadBothKernels } from "./test-support/kernels.ts";

const kernels = await loadBothKernels();
const spec = normalizeSpec({ format: "csv", keys: ["k"], sum: "v", scale: 2 });
const runs = Number(process.env.FC_RUNS ?? 200);

/** Groups read straight from the arena: key bytes (as latin1 text, one char per byte) → "count/sum". */
function tableOf(x: KernelExports): Map<string, string> {
  const out = new Map<string, string>();
  const view = new DataView(x.memory.buffer);
  const bytes = new Uint8Array(x.memory.buffer);
  for (let e = x.arenaStart(); e < x.arenaEnd(); ) {
    const len = view.getUint32(e + C.ENTRY_KEY_LEN, true);
    const sum = (view.getBigInt64(e + C.ENTRY_SUM_HI, true) << 64n) + view.getBigUint64(e + C.ENTRY_SUM_LO, true);
    out.set(String.fromCharCode(...bytes.subarray(e + C.ENTRY_KEY, e + C.ENTRY_KEY + len)), `${view.getBigInt64(e + C.ENTRY_COUNT, true)}/${sum}`);
    e += (C.ENTRY_KEY + len + 7) & ~7;
  }
  return out;
}

function instance(module: WebAssembly.Module, side: number, split: Uint8Array): KernelExports {
  const x = new WebAssembly.Instance(module, {}).exports as unknown as KernelExports;
  writeSpec(x.memory, spec, [0, 1], 1);
  expect(x.init()).toBe(0);
  if (side !== 0) {
    new Uint8Array(x.memory.buffer, C.ROUTE_SPLIT, split.length).set(split);
    expect(x.setRoute!(side, split.length)).toBe(0);
  }
  return x;
}

/** Pushes `input` in `piece`-byte calls; returns the outbox's contents each time it was taken. */
function run(x: KernelExports, input: Uint8Array, piece: number): Uint8Array[] {
  const sent: Uint8Array[] = [];
  const take = () => {
    sent.push(new Uint8Array(x.memory.buffer, C.OUTBOX_BASE, x.outboxUsed!()).slice());
    x.outboxTaken!();
  };
  const settle = (status: number) => {
    while (status === C.STATUS_FULL) {
      expect(x.outboxWasFull!()).toBe(1);
      take();
      status = x.resume();
    }
    expect(status).toBe(C.STATUS_OK);
  };
  for (let at = 0; at < input.length; at += piece) {
    const n = Math.min(piece, input.length - at);
    new Uint8Array(x.memory.buffer, x.inputPtr(), n).set(input.subarray(at, at + n));
    settle(x.push(x.inputPtr(), n));
  }
  settle(x.finish());
  take();
  return sent;
}

const latin1 = (b: Uint8Array) => String.fromCharCode(...b);
/** Key bytes: no comma, quote, CR or LF (a quoted key is made of the same bytes in quotes). */
const keyBytes = fc.uint8Array({ minLength: 0, maxLength: 40 }).map((b) => b.map((v) => ([10, 13, 34, 44].includes(v) ? 97 + (v % 3) : v)));
const rowArb = fc.record({ key: fc.oneof(keyBytes, fc.constantFrom(new Uint8Array([97]), new Uint8Array([97, 98]), new Uint8Array(0))), cents: fc.integer({ min: -99_999, max: 99_999 }), quoted: fc.boolean() });

describe("routing records by a split key (kernel SIMD and scalar)", () => {
  test("the two tables are the one table cut at the split key", () => {
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 300 }), fc.oneof(keyBytes, fc.nat(299)), fc.integer({ min: 1, max: 5000 }), (rows, splitArb, piece) => {
        // A split key taken from a row half the time: equal keys, prefixes and extensions of it.
        const split = typeof splitArb === "number" ? rows[splitArb % rows.length]!.key : splitArb;
        const lines = rows.map((r) => {
          const k = latin1(r.key);
          return `${r.quoted ? `"${k}"` : k},${(r.cents / 100).toFixed(2)}\n`;
        });
        const input = Uint8Array.from(lines.join(""), (c) => c.charCodeAt(0));
        for (const kernel of kernels) {
          const whole = instance(kernel.module!, 0, split);
          run(whole, input, piece);
          const want = tableOf(whole);
          const below = instance(kernel.module!, 1, split);
          const sent = run(below, input, piece);
          const above = instance(kernel.module!, 2, split);
          for (const s of sent) {
            new Uint8Array(above.memory.buffer, C.INBOX_BASE, s.length).set(s);
            expect(above.ingest!(C.INBOX_BASE, C.INBOX_BASE + s.length)).toBe(C.INBOX_BASE + s.length);
          }
          const a = tableOf(below);
          const b = tableOf(above);
          const s = latin1(split);
          for (const k of a.keys()) expect(k < s).toBe(true);
          for (const k of b.keys()) expect(k >= s).toBe(true);
          expect(new Map([...a, ...b])).toEqual(want);
          expect(below.recordCount()).toBe(whole.recordCount());
          expect(below.rejectedCount()).toBe(whole.rejectedCount());
        }
      }),
      { numRuns: runs },
    );
  }, 120_000);

  test("an outbox that fills many times within one push: every record sent once, the tables cut exactly", () => {
    // 60k records, short keys and keys past 16 bytes, most of them sent: ~1.9 MB through a 64 KiB outbox.
    const lines = Array.from({ length: 60_000 }, (_, i) => `${i % 3 === 0 ? `long-key-number-${i % 7919}` : `k${i % 5003}`},${i % 100}.0${i % 10}\n`);
    const input = new TextEncoder().encode(lines.join(""));
    const split = new TextEncoder().encode("k3");
    for (const kernel of kernels) {
      const whole = instance(kernel.module!, 0, split);
      run(whole, input, input.length);
      const below = instance(kernel.module!, 1, split);
      const sent = run(below, input, input.length);
      expect(sent.length).toBeGreaterThan(20);
      const above = instance(kernel.module!, 2, split);
      for (const s of sent) {
        new Uint8Array(above.memory.buffer, C.INBOX_BASE, s.length).set(s);
        expect(above.ingest!(C.INBOX_BASE, C.INBOX_BASE + s.length)).toBe(C.INBOX_BASE + s.length);
      }
      const a = tableOf(below);
      const keysBelow = new Set(lines.map((l) => l.slice(0, l.indexOf(","))).filter((k) => k < "k3"));
      expect(keysBelow.size).toBeGreaterThan(1000);
      expect(new Set(a.keys())).toEqual(keysBelow);
      expect(new Map([...a, ...tableOf(above)])).toEqual(tableOf(whole));
    }
  });

  test("setRoute refuses a side or a split key it cannot take", () => {
    const x = new WebAssembly.Instance(kernels[0]!.module!, {}).exports as unknown as KernelExports;
    expect(x.setRoute!(3, 1)).toBe(1);
    expect(x.setRoute!(1, C.ROUTE_SPLIT_MAX + 1)).toBe(1);
    expect(x.setRoute!(1, C.ROUTE_SPLIT_MAX)).toBe(0);
  });
});
