import { describe, expect, test } from "bun:test";
import { MAX_RECORD, REJECT_CAP, TABLE_FLUSH_AT } from "./constants.ts";
import { KernelAggregator } from "./kernel-aggregator.ts";
import { createReferenceAggregator } from "./reference/index.ts";
import { feed } from "./test-support/chunking.ts";
import { loadBothKernels } from "./test-support/kernels.ts";
import type { AggregateSpec } from "./types.ts";

const kernels = await loadBothKernels();
const encoder = new TextEncoder();

/** Kernel(s) and reference agree on `text` fed in chunks of `chunk` bytes. */
function agreeInChunks(spec: AggregateSpec, text: string, chunk: number): string {
  const bytes = encoder.encode(text);
  const cuts = Array.from({ length: Math.ceil(bytes.length / chunk) - 1 }, (_, i) => (i + 1) * chunk);
  const want = feed(createReferenceAggregator(spec), bytes, []);
  for (const k of kernels) expect(feed(k.createAggregator(spec), bytes, cuts)).toBe(want);
  return want;
}

describe("limits", () => {
  test("records longer than MAX_RECORD are rejected whole, in every format, whatever the chunking", () => {
    const big = "x".repeat(MAX_RECORD);
    const csv = `k,v\n${big},1\nA,1\n"${big}\n${big}",2\nB,2\n"${"y".repeat(MAX_RECORD - 5)}",3\nC,3`;
    const nd = `{"k":"${big}","v":1}\n{"k":"A","v":1}\n{"k":"${"y".repeat(MAX_RECORD - 15)}","v":1}\n`;
    const log = `${big} 1\nA 1\n${"z".repeat(MAX_RECORD - 3)} 1\r\n`;
    for (const chunk of [300_000, 1 << 20, 4 << 20]) {
      const c = JSON.parse(agreeInChunks({ format: "csv", keys: ["k"], sum: "v" }, csv, chunk));
      expect(c.rejections).toEqual([[2, "record too long"], [4, "record too long"]]);
      expect(c.groups.length).toBe(4);
      const n = JSON.parse(agreeInChunks({ format: "ndjson", keys: ["k"], sum: "v" }, nd, chunk));
      expect(n.rejections).toEqual([[1, "record too long"]]);
      const l = JSON.parse(agreeInChunks({ format: "log", keys: [0], sum: 1 }, log, chunk));
      expect(l.rejections).toEqual([[1, "record too long"]]);
      expect(l.groups.length).toBe(2);
    }
  }, 60_000);

  test("more groups than the kernel table holds are drained to JS and merged exactly", () => {
    const n = TABLE_FLUSH_AT + 40_000;
    const lines: string[] = ["k,v"];
    for (let i = 0; i < n; i++) lines.push(`user-${i % (n - 5)},${i % 7}.25`);
    const want = JSON.parse(agreeInChunks({ format: "csv", keys: ["k"], sum: "v" }, lines.join("\n"), 1 << 20));
    expect(want.groups.length).toBe(n - 5);
  }, 60_000);

  test("one push larger than the input region is fed in slices", () => {
    const lines = ["k,v"];
    for (let i = 0; i < 400_000; i++) lines.push(`"key ${i % 13}, quoted",${i % 100}.5`);
    const bytes = encoder.encode(lines.join("\r\n"));
    expect(bytes.length).toBeGreaterThan(2 * (4 << 20));
    const want = feed(createReferenceAggregator({ format: "csv", keys: ["k"], sum: "v" }), bytes, []);
    for (const k of kernels) expect(feed(k.createAggregator({ format: "csv", keys: ["k"], sum: "v" }), bytes, [])).toBe(want);
    expect(JSON.parse(want).groups.length).toBe(13);
  }, 60_000);

  test("the rejection list is capped but every rejection is counted", () => {
    const text = "k,v\n" + "A,bad\n".repeat(REJECT_CAP + 7) + "A,1\n";
    for (const k of kernels) {
      const agg = k.createAggregator({ format: "csv", keys: ["k"], sum: "v" });
      agg.push(encoder.encode(text));
      const r = agg.finish();
      expect(r.rejectedCount).toBe(REJECT_CAP + 7);
      expect(r.rejections.length).toBe(REJECT_CAP);
      expect(r.rejections.at(-1)).toEqual({ line: REJECT_CAP + 1, reason: "invalid decimal" });
      expect(r.records).toBe(1);
    }
  });

  test("kernel memory stays within 64 MiB and flat in input size", () => {
    for (const k of kernels) {
      const agg = k.createAggregator({ format: "ndjson", keys: ["u"], sum: "v" }) as KernelAggregator;
      const chunk = encoder.encode(Array.from({ length: 40_000 }, (_, i) => `{"u":"user-${i % 997}-${"p".repeat(i % 50)}","v":"1.5"}`).join("\n") + "\n");
      const sizes: number[] = [];
      for (let i = 0; i < 40; i++) {
        agg.push(chunk);
        sizes.push(agg.memoryBytes);
      }
      expect(Math.max(...sizes)).toBeLessThanOrEqual(64 * 1024 * 1024);
      expect(sizes.at(-1)).toBe(sizes[0]!);
      expect(agg.finish().records).toBe(40 * 40_000);
    }
  }, 60_000);

  test("many distinct long keys stay within 64 MiB", () => {
    const agg = kernels[0]!.createAggregator({ format: "log", keys: [0] }) as KernelAggregator;
    const pad = "k".repeat(200);
    for (let part = 0; part < 10; part++) {
      agg.push(encoder.encode(Array.from({ length: 50_000 }, (_, i) => `${pad}${part}-${i}\n`).join("")));
      expect(agg.memoryBytes).toBeLessThanOrEqual(64 * 1024 * 1024);
    }
    expect(agg.finish().groups.length).toBe(500_000);
  }, 60_000);
});
