/**
 * @tally/pipeline/cassandra against the real local Cassandra: a billing pipeline whose upserts make
 * redelivery harmless, with exact decimals.
 */
import { describe, expect, test } from "bun:test";
import { BILLING_FILE_SPEC } from "@tally/billing";
import { decimal } from "@tally/decimal";
import { loadKernelFromDisk } from "@tally/kernel-wasm/disk";
import { batchOf, combinePerKey, flatMap, kernelAggregate, map, pipeline, runPipeline, type CombineFn, type Source } from "@tally/pipeline";
import { cassandraUpsertSink, executeAll, readAll, readPerPartition, toCassandraDecimal, toCassandraLong } from "@tally/pipeline/cassandra";
import { fileInput, resolveFiles } from "@tally/pipeline/file";
import { useTestKeyspace } from "./fixture.ts";
import { SEED_DATA } from "../fixtures/seed-data.ts";

const { keyspace, client: db } = useTestKeyspace("pipeline");

interface Row {
  company: string;
  cents: bigint;
}

/** One batch per "file", the file name as batch id, like the billing consumer's source. */
function filesSource(files: Record<string, Row[]>): Source<Row> & { acked: string[] } {
  const acked: string[] = [];
  return {
    acked,
    async *batches() {
      for (const [id, items] of Object.entries(files)) yield { id, items, ack: async () => void acked.push(id) };
    },
  };
}

/** Sum and count in one pass: combiners are plain objects. */
const sumAndCount: CombineFn<bigint, { sum: bigint; count: number }, { sum: bigint; count: number }> = {
  createAccumulator: () => ({ sum: 0n, count: 0 }),
  addInput: (a, x) => ({ sum: a.sum + x, count: a.count + 1 }),
  mergeAccumulators: (accs) => [...accs].reduce((a, b) => ({ sum: a.sum + b.sum, count: a.count + b.count }), { sum: 0n, count: 0 }),
  extractOutput: (a) => a,
};

const files = {
  "billing_report_1.csv": [
    { company: "A", cents: 1000n },
    { company: "B", cents: 2000n },
    { company: "A", cents: 5600n },
  ],
  "huge.csv": [{ company: "A", cents: 9007199254740993n }],
};

async function runBilling() {
  const source = filesSource(files);
  const sink = cassandraUpsertSink<readonly [string, { sum: bigint; count: number }]>({
    client: db(),
    query: `INSERT INTO ${keyspace}.billing_by_file (company, source, total_cost, records, processed_at) VALUES (?, ?, ?, ?, ?)`,
    params: ([company, { sum, count }], ctx) => [company, ctx.batchId, toCassandraDecimal(decimal(sum, 2)), toCassandraLong(count), new Date()],
  });
  const p = pipeline
    .from(source)
    .apply(map((r: Row) => [r.company, r.cents] as const))
    .apply(combinePerKey(sumAndCount))
    .to(sink);
  const stats = await runPipeline(p);
  return { stats, acked: source.acked };
}

describe("cassandra upsert sink", () => {
  test("writes exact decimals per (company, source); a redelivered run rewrites, never adds", async () => {
    const first = await runBilling();
    expect(first.acked).toEqual(["billing_report_1.csv", "huge.csv"]);
    await runBilling(); // as if every batch were redelivered after a crash before commit

    const rows = (await db().execute(`SELECT source, total_cost, records FROM ${keyspace}.billing_by_file WHERE company = ?`, ["A"], { prepare: true })).rows;
    expect(rows.map((r) => [r.source, r.total_cost.toString(), r.records.toString()])).toEqual([
      ["billing_report_1.csv", "66.00", "2"],
      ["huge.csv", "90071992547409.93", "1"],
    ]);
    const total = (await db().execute(`SELECT sum(total_cost) AS total FROM ${keyspace}.billing_by_file WHERE company = 'A'`)).rows[0]!;
    expect(total.total.toString()).toBe("90071992547475.93");
    const b = (await db().execute(`SELECT total_cost FROM ${keyspace}.billing_by_file WHERE company = 'B'`)).rows;
    expect(b.map((r) => r.total_cost.toString())).toEqual(["20.00"]);
  }, 60_000);

  test("a statement the server refuses fails the batch as non-retriable and nothing is acknowledged", async () => {
    const source = filesSource({ "bad.csv": [{ company: "A", cents: 1n }] });
    const sink = cassandraUpsertSink<Row>({
      client: db(),
      query: `INSERT INTO ${keyspace}.no_such_table (company) VALUES (?)`,
      params: (r) => [r.company],
    });
    const error = await runPipeline(pipeline.from(source).to(sink), { retry: { retries: 2, initialRetryTime: 10 } }).catch((e: unknown) => e);
    expect((error as { retriable?: boolean }).retriable).toBe(false);
    expect(String((error as Error).message)).toMatch(/cassandra write failed/);
    expect(source.acked).toEqual([]);
  }, 60_000);
});

describe("the statement pool", () => {
  test("executeAll writes many rows with bounded concurrency; readAll pages; readPerPartition sums next to the data", async () => {
    const query = `INSERT INTO ${keyspace}.billing_by_file (company, source, total_cost, records, processed_at) VALUES (?, ?, ?, ?, ?)`;
    // 6000 rows over 3 companies: more than one page of readAll (5000 rows per page).
    const params = Array.from({ length: 6000 }, (_, i) => [`pool-${i % 3}`, `f${i}`, toCassandraDecimal(decimal(BigInt(i), 2)), toCassandraLong(1), new Date()]);
    await executeAll(db(), query, params, 16);
    const rows = await readAll(db(), `SELECT company, source FROM ${keyspace}.billing_by_file WHERE company IN ?`, [["pool-0", "pool-1", "pool-2"]]);
    expect(rows).toHaveLength(6000);
    const select = `SELECT company, sum(total_cost) AS total, count(*) AS n FROM ${keyspace}.billing_by_file`;
    const one = await readPerPartition(db(), select, "company", "pool-1");
    // Σ i/100 for i ≡ 1 (mod 3), i < 6000: i = 3k + 1, k < 2000 → (3·Σk + 2000)/100 = (3·1999000 + 2000)/100.
    expect(one.map((r) => [r.company, r.total.toString(), r.n.toString()])).toEqual([["pool-1", "59990.00", "2000"]]);
    const all = (await readPerPartition(db(), select, "company")).filter((r) => String(r.company).startsWith("pool-"));
    expect(all.map((r) => r.company).sort()).toEqual(["pool-0", "pool-1", "pool-2"]);
  }, 60_000);

  test("a statement the server refuses is not retriable", async () => {
    const error = await executeAll(db(), `INSERT INTO ${keyspace}.no_such_table (k) VALUES (?)`, [["x"]]).catch((e: unknown) => e);
    expect((error as { retriable?: boolean }).retriable).toBe(false);
    expect((error as Error).message).toMatch(/^cassandra write failed/);
  }, 60_000);
});

describe("billing files end to end", () => {
  test("seed reports through the WASM kernel into billing_by_file, exact per company and file", async () => {
    const kernel = await loadKernelFromDisk();
    const dir = `${SEED_DATA}/garmin`;
    const names = ["billing_report_1.csv", "billing_report_2.csv", "billing_report_3.csv"];
    const sink = cassandraUpsertSink<{ source: string; company: string; cents: bigint; records: number }>({
      client: db(),
      query: `INSERT INTO ${keyspace}.billing_by_file (company, source, total_cost, records, processed_at) VALUES (?, ?, ?, ?, ?)`,
      params: (r) => [r.company, r.source, toCassandraDecimal(decimal(r.cents, 2)), toCassandraLong(r.records), new Date()],
    });
    // One batch per file name (its id), as the billing-files job gets one message per file.
    const acked: string[] = [];
    const source: Source<string> = {
      async *batches() {
        for (const n of names) yield batchOf(n, [n], async () => void acked.push(n));
      },
    };
    const p = pipeline
      .from(source)
      .apply(resolveFiles(dir, (name: string) => name))
      .apply(kernelAggregate({ spec: BILLING_FILE_SPEC, kernel, input: (f) => fileInput(f.path) }))
      .apply(flatMap(({ input, result }) => result.groups.map((g) => ({ source: input.name, company: g.key[0]!, cents: g.sum!, records: g.count }))))
      .to(sink);
    const stats = await runPipeline(p);
    expect(stats).toMatchObject({ batches: 3, rejected: 0, itemsOut: 9 });
    expect(acked).toEqual(names);
    const rows = (await db().execute(`SELECT company, source, total_cost FROM ${keyspace}.billing_by_file WHERE company IN ('A', 'B', 'C') AND source IN ?`, [names], { prepare: true })).rows;
    const got = Object.fromEntries(rows.map((r) => [`${r.company} ${r.source.slice(-5, -4)}`, r.total_cost.toString()]));
    expect(got).toEqual({
      "A 1": "66.00", "B 1": "28.00", "C 1": "54.00",
      "A 2": "112.96", "B 2": "66.08", "C 2": "85.28",
      "A 3": "67.00", "B 3": "50.00", "C 3": "31.00",
    });
  }, 60_000);
});
