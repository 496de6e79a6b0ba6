import { describe, expect, test } from "bun:test";
import { LEDGER_BUCKETS, ledgerBucket } from "./bucket.ts";

describe("ledgerBucket", () => {
  test("is FNV-1a of the UTF-8 bytes (a stable function: stored rows depend on it)", () => {
    // FNV-1a 32 of "" is 0x811c9dc5, of "a" 0xe40c292c (reference values).
    expect(ledgerBucket("")).toBe(0x811c9dc5 % LEDGER_BUCKETS);
    expect(ledgerBucket("a")).toBe(0xe40c292c % LEDGER_BUCKETS);
    expect(ledgerBucket("trans_1")).toBe(ledgerBucket("trans_1"));
  });

  test("spreads sequential ids over every bucket", () => {
    const counts = new Array<number>(LEDGER_BUCKETS).fill(0);
    for (let i = 0; i < 64_000; i++) counts[ledgerBucket(`trans_${i}`)]!++;
    expect(Math.min(...counts)).toBeGreaterThan(800);
    expect(Math.max(...counts)).toBeLessThan(1200);
  });
});
