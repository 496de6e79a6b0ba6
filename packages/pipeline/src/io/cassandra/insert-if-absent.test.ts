import { describe, expect, test } from "bun:test";
import type cassandra from "cassandra-driver";
import { ConnectionError } from "../../errors.ts";
import { insertIfAbsent, type InsertIfAbsentOptions } from "./insert-if-absent.ts";

type Item = { p: string; id: string; v: string };

/** An in-memory table with Cassandra's IF NOT EXISTS semantics, single statements and one-partition batches. */
function lwtTable() {
  const rows = new Map<string, Item>();
  const calls: { kind: "execute" | "batch"; size: number }[] = [];
  const row = (item: Item) => ({ get: (c: string) => item[c as keyof Item] }) as unknown as cassandra.types.Row;
  const key = (params: unknown[]) => `${params[0]}/${params[1]}`;
  const result = (applied: boolean, existing: Item[]) => ({ wasApplied: () => applied, rows: existing.map(row) });
  const client = {
    async execute(_q: string, params: unknown[]) {
      calls.push({ kind: "execute", size: 1 });
      const old = rows.get(key(params));
      if (old) return result(false, [old]);
      rows.set(key(params), { p: params[0] as string, id: params[1] as string, v: params[2] as string });
      return result(true, []);
    },
    async batch(statements: { params: unknown[] }[]) {
      calls.push({ kind: "batch", size: statements.length });
      if (new Set(statements.map((s) => s.params[0])).size > 1) throw new Error("Batch with conditions cannot span multiple partitions");
      const existing = statements.map((s) => rows.get(key(s.params))).filter((r): r is Item => r !== undefined);
      if (existing.length > 0) return result(false, existing);
      for (const s of statements) rows.set(key(s.params), { p: s.params[0] as string, id: s.params[1] as string, v: s.params[2] as string });
      return result(true, []);
    },
  } as unknown as cassandra.Client;
  return { client, rows, calls };
}

const options = (client: cassandra.Client, extra: Partial<InsertIfAbsentOptions<Item>> = {}): InsertIfAbsentOptions<Item> => ({
  client,
  query: "INSERT INTO t (p, id, v) VALUES (?, ?, ?) IF NOT EXISTS",
  params: (i) => [i.p, i.id, i.v],
  partitionKey: (i) => i.p,
  rowKey: (i) => `${i.p}/${i.id}`,
  rowKeyOf: (r) => `${r.get("p")}/${r.get("id")}`,
  ...extra,
});

describe("insertIfAbsent", () => {
  test("inserts new rows in one conditional batch per partition, answering in input order", async () => {
    const t = lwtTable();
    const items = [
      { p: "a", id: "1", v: "x" },
      { p: "b", id: "2", v: "y" },
      { p: "a", id: "3", v: "z" },
    ];
    const out = await insertIfAbsent(options(t.client)).insert(items);
    expect(out.map((o) => [o.item.id, o.inserted])).toEqual([["1", true], ["2", true], ["3", true]]);
    expect(t.calls).toEqual([{ kind: "batch", size: 2 }, { kind: "execute", size: 1 }]);
  });

  test("a failed batch answers the existing rows and retries the rest; the first writer keeps its row", async () => {
    const t = lwtTable();
    const claims = insertIfAbsent(options(t.client));
    await claims.insert([{ p: "a", id: "2", v: "first" }]);
    const out = await claims.insert([
      { p: "a", id: "1", v: "new" },
      { p: "a", id: "2", v: "second" },
      { p: "a", id: "3", v: "new" },
    ]);
    expect(out.map((o) => (o.inserted ? `${o.item.id} inserted` : `${o.item.id} exists as ${o.existing.get("v")}`))).toEqual([
      "1 inserted",
      "2 exists as first",
      "3 inserted",
    ]);
    expect(t.rows.get("a/2")!.v).toBe("first");
    expect(t.calls.slice(1)).toEqual([{ kind: "batch", size: 3 }, { kind: "batch", size: 2 }]);
  });

  test("batches are cut by count and by bytes", async () => {
    const t = lwtTable();
    const items = Array.from({ length: 7 }, (_, i) => ({ p: "a", id: String(i), v: "v" }));
    await insertIfAbsent(options(t.client, { maxBatch: 3 })).insert(items);
    expect(t.calls.map((c) => c.size)).toEqual([3, 3, 1]);
    const big = lwtTable();
    await insertIfAbsent(options(big.client, { maxBatchBytes: 2000 })).insert([0, 1, 2].map((i) => ({ p: "a", id: String(i), v: "v".repeat(400) })));
    expect(big.calls.map((c) => c.size)).toEqual([1, 1, 1]);
  });

  test("refuses duplicate keys; an outage is retriable", async () => {
    const t = lwtTable();
    await expect(insertIfAbsent(options(t.client)).insert([{ p: "a", id: "1", v: "x" }, { p: "a", id: "1", v: "y" }])).rejects.toThrow(TypeError);
    const down = { execute: async () => { throw Object.assign(new Error("All host(s) tried for query failed"), { name: "NoHostAvailableError" }); } } as unknown as cassandra.Client;
    await expect(insertIfAbsent(options(down)).insert([{ p: "a", id: "1", v: "x" }])).rejects.toBeInstanceOf(ConnectionError);
    expect(await insertIfAbsent(options(t.client)).insert([])).toEqual([]);
  });

  test("concurrent calls share one round per partition; a key both claim is inserted once, the other meets the row", async () => {
    const t = lwtTable();
    const claims = insertIfAbsent(options(t.client));
    const [a, b] = await Promise.all([
      claims.insert([{ p: "a", id: "1", v: "x" }, { p: "a", id: "2", v: "x" }]),
      claims.insert([{ p: "a", id: "3", v: "y" }, { p: "a", id: "1", v: "y" }]),
    ]);
    expect(t.calls).toEqual([{ kind: "batch", size: 3 }, { kind: "execute", size: 1 }]);
    expect(a.map((o) => o.inserted)).toEqual([true, true]);
    expect(b.map((o) => (o.inserted ? "inserted" : `exists as ${o.existing.get("v")}`))).toEqual(["inserted", "exists as x"]);
  });

  test("a failed round rejects the calls in it; later calls start afresh", async () => {
    const t = lwtTable();
    let fail = true;
    const flaky = {
      execute: (q: string, p: unknown[]) => t.client.execute(q, p),
      batch: async (s: { params: unknown[] }[]) => {
        if (fail) throw Object.assign(new Error("Operation timed out"), { name: "OperationTimedOutError" });
        return t.client.batch(s as never);
      },
    } as unknown as cassandra.Client;
    const claims = insertIfAbsent(options(flaky));
    const items = [{ p: "a", id: "1", v: "x" }, { p: "a", id: "2", v: "x" }];
    await expect(claims.insert(items)).rejects.toBeInstanceOf(ConnectionError);
    fail = false;
    expect((await claims.insert(items)).map((o) => o.inserted)).toEqual([true, true]);
  });
});
