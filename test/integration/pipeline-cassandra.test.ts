/**
 * @tally/pipeline/cassandra against the real local Cassandra: a billing pipeline whose upserts make
 * redelivery harmless, with exact decimals.
 */
import { describe, expect, test } from "bun:test";
import { loadKernelFromDisk } from "../../packages/kernel-wasm/src/load-from-disk.ts";
import { BILLING_FILE_SPEC } from "../../packages/billing/src/index.ts";
import { combinePerKey, flatMap, kernelAggregate, map, pipeline, runPipeline, type CombineFn, type Source } from "../../packages/pipeline/src/index.ts";
import { fileSource, opener } from "../../packages/pipeline/src/io/file/index.ts";
import { cassandraUpsertSink, toCassandraDecimal, toCassandraLong } from "../../packages/pipeline/src/io/cassandra/index.ts";
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
    params: ([company, { sum, count }], ctx) => [company, ctx.batchId, toCassandraDecimal(sum, 2), toCassandraLong(count), new Date()],
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
    expect(String((error as Error).message)).toMatch(/cassandra upsert failed/);
    expect(source.acked).toEqual([]);
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
      params: (r) => [r.company, r.source, toCassandraDecimal(r.cents, 2), toCassandraLong(r.records), new Date()],
    });
    const p = pipeline
      .from(fileSource(names))
      .apply(kernelAggregate({ spec: BILLING_FILE_SPEC, createAggregator: (s) => kernel.createAggregator(s), open: opener(dir) }))
      .apply(flatMap(({ input, result }) => result.groups.map((g) => ({ source: input, company: g.key[0]!, cents: g.sum!, records: g.count }))))
      .to(sink);
    const stats = await runPipeline(p);
    expect(stats).toMatchObject({ batches: 3, rejected: 0, itemsOut: 9 });
    const rows = (await db().execute(`SELECT company, source, total_cost FROM ${keyspace}.billing_by_file WHERE company IN ('A', 'B', 'C') AND source IN ?`, [names], { prepare: true })).rows;
    const got = Object.fromEntries(rows.map((r) => [`${r.company} ${r.source.slice(-5, -4)}`, r.total_cost.toString()]));
    expect(got).toEqual({
      "A 1": "66.00", "B 1": "28.00", "C 1": "54.00",
      "A 2": "112.96", "B 2": "66.08", "C 2": "85.28",
      "A 3": "67.00", "B 3": "50.00", "C 3": "31.00",
    });
  }, 60_000);
});
