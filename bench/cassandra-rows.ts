/**
 * `bun bench/cassandra-rows.ts [ROWS] [ROUNDS]`: what one ledger row costs the local Cassandra, in
 * CPU (utime + stime of its process, from .stack/cassandra/cassandra.pid) and wall time — read first
 * (`IN` reads of 100 ids per bucket, none found), then written (unlogged batches of 50 rows of one
 * bucket), in fetch-sized rounds of 10,000 rows, 16 statements in flight, into a fresh keyspace with
 * the real schema (`cashback_payments` and its SAI index). For comparing Cassandra settings on one
 * host: run it a few times after a restart (the JIT warms up), then compare medians.
 */
import cassandra from "cassandra-driver";
import { createCassandra } from "@tally/http-kit/cassandra";
import { applySchema } from "../infra/local/src/schema.ts";
import { cpuTicks, loadAverage, median } from "./produce-tools.ts";
import { stackPid } from "./stack-cpu.ts";

const ROWS = Number(process.argv[2] ?? 100_000);
const ROUNDS = Number(process.argv[3] ?? 3);
const ROUND = 10_000;
const pid = stackPid("cassandra") ?? (() => {
  throw new Error("no .stack/cassandra/cassandra.pid: this bench measures the local stack's Cassandra (bun run stack up)");
})();
const cql = createCassandra({ contactPoints: [process.env.CASSANDRA_CONTACT_POINTS ?? "127.0.0.1:9042"], localDataCenter: "datacenter1", readTimeoutMs: 60_000 });
const OPTIONS = { prepare: true, consistency: cassandra.types.consistencies.localQuorum };
const amount = cassandra.types.BigDecimal.fromString("742.00");
const cashback = cassandra.types.BigDecimal.fromString("111.30");

async function inPool<T>(items: T[], work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => { while (next < items.length) await work(items[next++]!); }));
}

async function once(round: number): Promise<{ read: number; write: number; writeMs: number }> {
  const keyspace = `tally_bench_rows_${Date.now().toString(36)}_${round}`;
  await applySchema(cql, keyspace);
  const select = `SELECT * FROM ${keyspace}.cashback_payments WHERE bucket = ? AND transaction_id IN ?`;
  const insert = `INSERT INTO ${keyspace}.cashback_payments (bucket, transaction_id, customer_id, merchant_id, product_id, amount, cashback, payment_time, source_topic, source_partition, source_offset, paid_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
  let read = 0, write = 0, writeMs = 0;
  for (let first = 0; first < ROWS; first += ROUND) {
    const byBucket = new Map<number, string[]>();
    for (let i = first; i < Math.min(ROWS, first + ROUND); i++) {
      const ids = byBucket.get(i % 64) ?? byBucket.set(i % 64, []).get(i % 64)!;
      ids.push(`trans_${(i * 7919) % 1_000_003}`);
    }
    const chunks = (size: number) => [...byBucket].flatMap(([b, ids]) => Array.from({ length: Math.ceil(ids.length / size) }, (_, k): [number, string[]] => [b, ids.slice(k * size, (k + 1) * size)]));
    let ticks = cpuTicks(pid);
    await inPool(chunks(100), ([b, ids]) => cql.execute(select, [b, ids], OPTIONS));
    read += cpuTicks(pid) - ticks;
    ticks = cpuTicks(pid);
    const t = performance.now();
    await inPool(chunks(50), ([b, ids]) =>
      cql.batch(ids.map((id, j) => ({ query: insert, params: [b, id, `cust_${j % 1000}`, "merch_1", "prod_5", amount, cashback, new Date(), "payments", 0, cassandra.types.Long.fromNumber(j), new Date()] })), { ...OPTIONS, logged: false }),
    );
    writeMs += performance.now() - t;
    write += cpuTicks(pid) - ticks;
  }
  await cql.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`);
  const perRow = (ticks: number) => (ticks * 10_000) / ROWS; // ticks are 10 ms
  return { read: perRow(read), write: perRow(write), writeMs };
}

try {
  const runs = [];
  for (let r = 0; r < ROUNDS; r++) {
    const run = await once(r);
    runs.push(run);
    console.log(`round ${r + 1}: Cassandra CPU per row read ${run.read.toFixed(1)} µs, written ${run.write.toFixed(1)} µs; writes ${(ROWS / (run.writeMs / 1000)).toFixed(0)} rows/s`);
  }
  console.log(`median: read ${median(runs.map((r) => r.read)).toFixed(1)} µs, written ${median(runs.map((r) => r.write)).toFixed(1)} µs per row; ${ROWS} rows a round; load ${loadAverage()}`);
} finally {
  await cql.shutdown();
}
