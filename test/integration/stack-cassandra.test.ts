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
