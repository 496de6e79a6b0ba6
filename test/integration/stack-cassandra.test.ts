import { expect, test } from "bun:test";
import { types } from "cassandra-driver";
import { useTestKeyspace } from "./fixture.ts";

const { keyspace, client: db } = useTestKeyspace();

test("cassandra-driver write → read on Bun, exact decimals, idempotent upserts", async () => {
  const client = db();
  const insert = `INSERT INTO ${keyspace}.billing_by_file (company, source, total_cost, records) VALUES (?, ?, ?, ?)`;
  const big = "90071992547409931.07"; // beyond 2^53 minor units: must survive exactly
  await client.execute(insert, ["A", "f1.csv", types.BigDecimal.fromString(big), types.Long.fromNumber(4)], { prepare: true });
  await client.execute(insert, ["A", "f2.csv", types.BigDecimal.fromString("0.93"), types.Long.fromNumber(1)], { prepare: true });
  // Writing the same (company, source) again replaces the row rather than adding to it.
  await client.execute(insert, ["A", "f2.csv", types.BigDecimal.fromString("0.93"), types.Long.fromNumber(1)], { prepare: true });

  const rows = (await client.execute(`SELECT source, total_cost FROM ${keyspace}.billing_by_file WHERE company = ?`, ["A"], { prepare: true })).rows;
  expect(rows.map((r) => [r.source, r.total_cost.toString()])).toEqual([["f1.csv", big], ["f2.csv", "0.93"]]);
  const sum = (await client.execute(`SELECT sum(total_cost) AS total FROM ${keyspace}.billing_by_file WHERE company = 'A'`)).rows[0]!;
  expect(sum.total.toString()).toBe("90071992547409932.00");
}, 60_000);

test("CASSANDRA_CONSISTENCY reaches every statement: TWO cannot be met by the single local node, the default can", async () => {
  const { createCassandra } = await import("@tally/http-kit/cassandra");
  const { servers } = await import("./fixture.ts");
  const s = await servers();
  const insert = `INSERT INTO ${keyspace}.billing_by_file (company, source, total_cost, records) VALUES ('C', 'c.csv', 1.00, 1)`;
  const two = createCassandra({ contactPoints: s.cassandra.contactPoints, localDataCenter: s.cassandra.localDataCenter, consistency: "TWO" });
  const byDefault = createCassandra({ contactPoints: s.cassandra.contactPoints, localDataCenter: s.cassandra.localDataCenter });
  try {
    await expect(two.execute(insert)).rejects.toThrow(/consistency TWO \(2 required but only 1 alive\)/);
    await byDefault.execute(insert); // LOCAL_QUORUM: one replica of one
    const row = (await byDefault.execute(`SELECT records FROM ${keyspace}.billing_by_file WHERE company = 'C'`)).first();
    expect(Number(row?.get("records"))).toBe(1);
  } finally {
    await Promise.all([two.shutdown(), byDefault.shutdown()]);
  }
}, 60_000);
