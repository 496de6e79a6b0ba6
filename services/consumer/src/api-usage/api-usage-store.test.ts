import { describe, expect, test } from "bun:test";
import { parseDecimal } from "@tally/decimal";
import { createContext, PipelineError } from "@tally/pipeline";
import type cassandra from "cassandra-driver";
import { usageSink } from "./api-usage-store.ts";
import type { UsageRow } from "./user-usage.ts";

/** A stand-in for `api_usage_by_batch` that refuses chosen rows, enough to see what a refused write leaves. */
function table(refuse: (params: unknown[]) => Error | undefined) {
  const rows = new Set<string>();
  const client = {
    async execute(query: string, params: unknown[] = []) {
      const key = `${params[0]} ${params[1]}`;
      if (query.startsWith("INSERT")) {
        const error = refuse(params);
        if (error) throw error;
        rows.add(key);
      } else if (query.startsWith("DELETE")) rows.delete(key);
      return { rows: [] };
    },
  } as unknown as cassandra.Client;
  return { client, rows };
}

const row = (user: string, source: string): UsageRow => ({ user, source, durationMs: 5n, requests: 1n, cost: parseDecimal("0.025")! });

describe("usageSink: all or nothing per write", () => {
  test("a row Cassandra refuses for good takes the write's other rows with it; earlier writes stay", async () => {
    const { client, rows } = table((p) => (p[0] === "bad" ? new PipelineError("refused") : undefined));
    const sink = usageSink(client, "ks");
    await sink.write([row("u1", "t/0/1")], createContext("b"));
    await expect(sink.write([row("u2", "t/0/2"), row("bad", "t/0/2"), row("u3", "t/0/3")], createContext("b"))).rejects.toMatchObject({ retriable: false });
    expect([...rows]).toEqual(["u1 t/0/1"]);
  });

  test("an outage is rethrown as it is, to be retried", async () => {
    const outage = Object.assign(new Error("no host"), { name: "NoHostAvailableError" });
    const { client } = table(() => outage);
    await expect(usageSink(client, "ks").write([row("u1", "t/0/1")], createContext("b"))).rejects.toMatchObject({ retriable: true });
  });
});
