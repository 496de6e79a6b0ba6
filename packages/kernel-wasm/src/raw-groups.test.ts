import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import type { AggregateSpec, Group } from "./types.ts";
import { ndjsonCaseArb } from "./test-support/gen-ndjson.ts";
import { loadBothKernels } from "./test-support/kernels.ts";
import type { RawGroups } from "./raw-groups.ts";

const kernels = await loadBothKernels();
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The groups a RawGroups holds, as `Group`s (keys decoded as UTF-8). */
function walk(raw: RawGroups, withSum: boolean): Group[] {
  const out: Group[] = [];
  const at = new Int32Array(2 * raw.keyCount);
  for (let e = raw.first(); e >= 0; e = raw.next(e)) {
    raw.fields(e, at);
    // key(e) spans the fields (with their length words when there are several).
    const keyStart = raw.key(e).byteOffset - raw.bytes.byteOffset;
    expect([keyStart, keyStart + raw.key(e).length]).toEqual([raw.keyCount === 1 ? at[0]! : at[0]! - 4, at[2 * raw.keyCount - 1]!]);
    const key = Array.from({ length: raw.keyCount }, (_, i) => decoder.decode(raw.bytes.subarray(at[2 * i]!, at[2 * i + 1]!)));
    const small = raw.smallSum(e);
    if (small >= 0) expect(BigInt(small)).toBe(raw.sum(e));
    out.push(withSum ? { key, count: raw.count(e), sum: raw.sum(e) } : { key, count: raw.count(e) });
  }
  return out;
}

describe("rawGroups: the arena's bytes read back give the same groups", () => {
  test("random NDJSON, one or two keys, with and without a sum, typed or not", () => {
    fc.assert(
      fc.property(ndjsonCaseArb, fc.integer({ min: 0, max: 2 }), fc.boolean(), (c, variant, typed) => {
        const bytes = encoder.encode(c.text);
        const spec: AggregateSpec = { format: "ndjson", keys: variant === 2 ? ["device_type", "locale"] : ["device_type"], ...(variant === 0 ? {} : { sum: "amount" }), scale: c.scale, typed };
        for (const kernel of kernels) {
          const plain = kernel.createAggregator(spec);
          plain.push(bytes);
          const want = plain.finish();
          const rawAgg = kernel.createAggregator(spec, { rawGroups: true });
          rawAgg.push(bytes);
          const got = rawAgg.finish();
          expect(got.groups).toEqual([]);
          // Invalid UTF-8 keys may merge when decoded; compare only when every key decodes cleanly.
          if (want.groups.every((g) => g.key.every((k) => !k.includes("\uFFFD")))) expect(walk(got.raw!, variant !== 0)).toEqual(want.groups);
          expect([got.records, got.rejectedCount, got.rejections]).toEqual([want.records, want.rejectedCount, want.rejections]);
        }
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 200) },
    );
  });

  test("no groups: first() is -1", () => {
    const agg = kernels[0]!.createAggregator({ format: "ndjson", keys: ["k"] }, { rawGroups: true });
    agg.push(encoder.encode("not json\n"));
    expect(agg.finish().raw!.first()).toBe(-1);
  });
});
