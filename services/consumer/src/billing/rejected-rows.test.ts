import { describe, expect, test } from "bun:test";
import { refuseGroups } from "@tally/billing";
import type { AggregateResult } from "@tally/kernel-wasm";
import { rejectedRowsReason } from "./rejected-rows.ts";

describe("rejectedRowsReason", () => {
  test("lists the kernel's lines, then refused companies, and says how many rows were not listed", () => {
    const kernel: AggregateResult = {
      groups: [{ key: ["A"], count: 1, sum: 1n }, { key: ["K".repeat(100)], count: 3, sum: 1n }],
      records: 4,
      rejectedCount: 30,
      rejections: Array.from({ length: 19 }, (_, i) => ({ line: i + 2, reason: "invalid decimal" })),
      bytes: 1,
    };
    const reason = rejectedRowsReason("a/r.csv", refuseGroups(kernel, (g) => (g.key[0] === "A" ? null : "company is longer than 65535 UTF-8 bytes")));
    expect(reason).toStartWith("33 row(s) of a/r.csv rejected, the others were billed: line 2: invalid decimal; line 3: invalid decimal;");
    // 19 lines + the refused group's 3 rows are listed: 33 − 22 = 11 were not (the kernel counted more than it listed).
    expect(reason).toEndWith(`line 20: invalid decimal; 3 row(s) with company "${"K".repeat(64)}"…: company is longer than 65535 UTF-8 bytes (and 11 more row(s) not listed)`);
  });
});
