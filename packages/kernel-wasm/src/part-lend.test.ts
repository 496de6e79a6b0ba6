import { describe, expect, test } from "bun:test";
import type { AggregateSpec } from "./types.ts";
import { loadBothKernels } from "./test-support/kernels.ts";

const kernels = await loadBothKernels();
const encoder = new TextEncoder();
const spec: AggregateSpec = { format: "csv", keys: ["company"], sum: "cost", scale: 2 };
const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => `s,${(from + i) % 97}.25,c${(from + i) % 1013}\n`).join("");

describe("PartAggregator.end(eof, 'lend')", () => {
  test("the last table comes as a view into the instance's shared memory, merges as a copy does, and the instance stays untouched until release()", () => {
    for (const kernel of kernels) {
      const first = encoder.encode(rows(0, 3000));
      const second = encoder.encode(rows(3000, 5000));
      const merge = (lendSecond: boolean) => {
        const part0 = kernel.createPart(spec, [2, 1]);
        part0.push(first);
        const r0 = part0.end(false, true);
        const part1 = kernel.createPart(spec, [2, 1]);
        part1.push(second);
        const r1 = part1.end(true, lendSecond ? "lend" : false);
        const arena = r1.arenas.at(-1)!;
        const before = arena.slice();
        // Another instance from the pool meanwhile must not be the lent one.
        const other = kernel.createPart(spec, [2, 1]);
        other.push(encoder.encode(rows(9000, 4000)));
        other.end(true);
        expect(arena.buffer instanceof SharedArrayBuffer).toBe(lendSecond);
        expect(Buffer.from(arena).equals(Buffer.from(before))).toBe(true);
        const merged = kernel.mergeParts(spec, [r0, r1], 2, first.length + second.length, { keyOrder: true, first: part0 });
        part0.release();
        part1.release();
        return JSON.stringify(merged.groups.map((g) => [g.key, g.count, String(g.sum)]));
      };
      const copied = merge(false);
      expect(merge(true)).toBe(copied);
      expect(JSON.parse(copied)).toHaveLength(1013);
    }
  });
});
