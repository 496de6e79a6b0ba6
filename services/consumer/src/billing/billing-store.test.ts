import { describe, expect, test } from "bun:test";
import { parseDecimal } from "@tally/decimal";
import { PipelineError } from "@tally/pipeline";
import type cassandra from "cassandra-driver";
import { CassandraBillingStore } from "./billing-store.ts";
import type { FileTotals } from "./file-totals.ts";

/**
 * A tiny in-memory stand-in for the three tables the store writes, enough to see what stays after a
 * write that Cassandra refuses for good halfway; the real tables are exercised by the integration tests.
 */
function tables(refuse: (query: string, params: unknown[]) => Error | undefined) {
  const rows = { index: new Set<string>(), billing: new Set<string>(), marker: new Set<string>() };
  const client = {
    async execute(query: string, params: unknown[] = []) {
      const error = refuse(query, params);
      if (error) throw error;
      const [a, b] = params.map(String);
      if (/^INSERT INTO \w+\.billing_file_companies/.test(query)) rows.index.add(`${a} ${b}`);
      else if (/^INSERT INTO \w+\.billing_by_file/.test(query)) rows.billing.add(`${a} ${b}`);
      else if (/^INSERT INTO \w+\.processed_files/.test(query)) rows.marker.add(a!);
      else if (/^DELETE FROM \w+\.billing_by_file/.test(query)) rows.billing.delete(`${a} ${b}`);
      else if (/^DELETE FROM \w+\.billing_file_companies/.test(query)) rows.index.delete(`${a} ${b}`);
      else if (/^DELETE FROM \w+\.processed_files/.test(query)) rows.marker.delete(a!);
      else if (/^SELECT company FROM \w+\.billing_file_companies/.test(query)) {
        const found = [...rows.index].filter((r) => r.startsWith(`${a} `)).map((r) => ({ get: () => r.slice(a!.length + 1) }));
        return { rows: found, pageState: null };
      }
      return { rows: [], pageState: null };
    },
  } as unknown as cassandra.Client;
  return { client, rows };
}

const file = (source: string, ...companies: string[]): FileTotals => ({
  source,
  companies: companies.map((company) => ({ company, total: parseDecimal("1.00")!, records: 1 })),
  records: companies.length,
  rejected: 0,
  bytes: 10,
});

describe("CassandraBillingStore: all or nothing per file", () => {
  test("a row Cassandra refuses for good undoes the file's other rows, index and marker, then fails permanently", async () => {
    const { client, rows } = tables((q, p) => (q.includes("billing_by_file (") && p[0] === "Z" ? new PipelineError("cassandra write failed: refused") : undefined));
    const store = new CassandraBillingStore(client, "ks");
    await store.write([file("good.csv", "A")]);
    await expect(store.write([file("bad.csv", "A", "B", "Z")])).rejects.toMatchObject({ retriable: false, message: expect.stringContaining("refused") });
    expect([...rows.billing]).toEqual(["A good.csv"]);
    expect([...rows.index]).toEqual(["good.csv A"]);
    expect([...rows.marker]).toEqual(["good.csv"]);
  });

  test("an outage is retried as it is (the retry completes the file); an undo that cannot run is retried too", async () => {
    let down = false;
    const outage = Object.assign(new Error("no host"), { name: "NoHostAvailableError", retriable: true });
    const { client } = tables((q, p) => (down ? outage : q.includes("billing_by_file (") && p[0] === "Z" ? ((down = true), new PipelineError("refused")) : undefined));
    const store = new CassandraBillingStore(client, "ks");
    await expect(store.write([file("bad.csv", "A", "Z")])).rejects.toMatchObject({ retriable: true, message: expect.stringContaining("could not undo") });
  });
});
