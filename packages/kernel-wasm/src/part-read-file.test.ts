/**
 * PartAggregator.readFile (the read loop a part runs on a file) gives the part that pushing the same
 * bytes gives: with short reads, a file that ends before `end`, a table that fills and drains midway,
 * and a failing read (the error surfaces; the instance goes back for reuse).
 */
import { describe, expect, test } from "bun:test";
import { createRng } from "@tally/generate";
import { TABLE_FLUSH_AT } from "./constants.ts";
import type { ReadAt } from "./part-aggregator.ts";
import type { PartResult } from "./part-result.ts";
import { loadBothKernels } from "./test-support/kernels.ts";
import type { AggregateSpec } from "./types.ts";

const kernels = await loadBothKernels();
const spec: AggregateSpec = { format: "csv", keys: ["company"], sum: "cost", scale: 2 };
const encoder = new TextEncoder();

/** A ReadAt over `bytes` (fd ignored) whose reads return at most `most()` bytes each. */
function reader(bytes: Uint8Array, most: () => number): ReadAt {
  return (_fd, into, offset, length, position) => {
    const n = Math.max(0, Math.min(length, most(), bytes.length - position));
    into.set(bytes.subarray(position, position + n), offset);
    return n;
  };
}

const digest = (r: PartResult) => JSON.stringify({ ...r, arenas: r.arenas.map((a) => Buffer.from(a).toString("base64")) });

describe("PartAggregator.readFile", () => {
  test("equals push() of the same bytes, for any read sizes and ranges, also where the file ends first", () => {
    const r = createRng(5).float;
    const text = Array.from({ length: 40_000 }, (_, i) => `s,${i % 13 === 0 ? "x" : `${i % 89}.5`},"c ${i % 331}"\n`).join("");
    const bytes = encoder.encode(text);
    for (const kernel of kernels) {
      for (let c = 0; c < 12; c++) {
        const start = Math.floor(r() * 1000);
        const end = c % 4 === 0 ? bytes.length + 500 : start + Math.floor(r() * (bytes.length - start));
        const eof = end >= bytes.length;
        const want = kernel.createPart(spec, [2, 1]);
        want.push(bytes.subarray(start, Math.min(end, bytes.length)));
        const got = kernel.createPart(spec, [2, 1], { pieceBytes: 1 + Math.floor(r() * 70_000) });
        const read = got.readFile(reader(bytes, () => 1 + Math.floor(r() * 100_000)), 0, start, end);
        expect(read).toBe(Math.min(end, bytes.length) - start);
        expect(digest(got.end(eof))).toBe(digest(want.end(eof)));
      }
    }
  });

  test("a table that fills midway is drained and the reading goes on", () => {
    // Twice full, with more bytes after each fill than the input region holds: no drain, no room.
    const n = 2 * TABLE_FLUSH_AT + 20_000;
    const bytes = encoder.encode(Array.from({ length: n }, (_, i) => `s,1,k${i}\n`).join(""));
    for (const kernel of kernels) {
      const part = kernel.createPart(spec, [2, 1]);
      part.readFile(reader(bytes, () => 1 << 20), 0, 0, bytes.length);
      const result = part.end(true);
      expect(result.arenas.length).toBe(3);
      expect(result.records).toBe(n);
    }
  }, 60_000);

  test("a read that throws fails the call and hands the instance back", () => {
    for (const kernel of kernels) {
      const part = kernel.createPart(spec, [2, 1]);
      const pooled = kernel.pooledInstances;
      let calls = 0;
      const failing: ReadAt = (fd, into, offset, length, position) => {
        if (++calls === 3) throw new Error("EIO");
        return reader(encoder.encode("s,1,a\n".repeat(100_000)), () => 4096)(fd, into, offset, length, position);
      };
      expect(() => part.readFile(failing, 0, 0, 600_000)).toThrow("EIO");
      expect(kernel.pooledInstances).toBe(pooled + 1);
      expect(() => part.end(true)).toThrow(/already ended/);
    }
  });
});
