import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { formatUnits } from "@tally/decimal";
import { createReferenceAggregator } from "./reference/index.ts";
import { feed } from "./test-support/chunking.ts";
import { loadBothKernels } from "./test-support/kernels.ts";
import type { AggregateSpec } from "./types.ts";

// shared/ sits beside the repository checkout (as in CI).
const SEED = join(import.meta.dir, "..", "..", "..", "test", "fixtures", "seed-data");
const kernels = await loadBothKernels();

function viaKernel(spec: AggregateSpec, bytes: Uint8Array, simd: boolean) {
  const agg = kernels.find((k) => k.simd === simd)!.createAggregator(spec);
  agg.push(bytes);
  return agg.finish();
}

describe("seed data", () => {
  const billing = { format: "csv", keys: ["company"], sum: "cost" } as const;

  for (const simd of [true, false]) {
    test(`billing_report_1.csv gives A 66.00 / B 28.00 / C 54.00 (${simd ? "simd" : "scalar"})`, () => {
      const r = viaKernel(billing, readFileSync(`${SEED}/garmin/billing_report_1.csv`), simd);
      const totals = Object.fromEntries(r.groups.map((g) => [g.key[0], formatUnits(g.sum!, 2)]));
      expect(totals).toEqual({ A: "66.00", B: "28.00", C: "54.00" });
      expect(r.records).toBe(9);
      expect(r.rejectedCount).toBe(0);
    });
  }

  const cases: [string, AggregateSpec][] = [
    ["garmin/billing_report_2.csv", billing],
    ["garmin/billing_report_3.csv", billing],
    ["distributed_billing_aggregation/api_logs.txt", { format: "log", keys: [2], sum: 4, suffix: "ms", fields: 5, scale: 0 }],
    ["distributed_billing_aggregation/api_logs.txt", { format: "log", keys: [1, 3] }],
    ["water_master_microservices/emp_data.json", { format: "ndjson", keys: ["gender", "is_manager"], sum: "salary" }],
    ["water_master_microservices/json_topic.json", { format: "ndjson", keys: ["gender"], sum: "salary", scale: 0 }],
  ];
  for (const [file, spec] of cases) {
    test(`${file} ${JSON.stringify(spec.keys)}: kernels agree with the reference, whole and in 1 KiB chunks`, () => {
      const bytes = new Uint8Array(readFileSync(`${SEED}/${file}`));
      const want = feed(createReferenceAggregator(spec), bytes, []);
      const cuts = Array.from({ length: Math.floor(bytes.length / 1024) }, (_, i) => (i + 1) * 1024).filter((c) => c < bytes.length);
      for (const k of kernels) {
        expect(feed(k.createAggregator(spec), bytes, [])).toBe(want);
        expect(feed(k.createAggregator(spec, { batchBytes: 1 }), bytes, cuts)).toBe(want);
      }
      expect(JSON.parse(want).groups.length).toBeGreaterThan(1);
    });
  }
});
