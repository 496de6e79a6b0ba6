/**
 * A billing file big enough to split (≥ 8 MiB) aggregated on KERNEL_THREADS=3 (parts in Workers,
 * merged exactly) is billed exactly as the test computes it: per-company totals to the cent, its
 * bad rows rejected and counted — with quoted companies holding commas and line breaks, so split
 * guesses land inside quotes. Real consumer, Kafka and Cassandra.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRng } from "@tally/generate";
import { billingRun, CONSUMER_ENTRY, sendRaw, startService, type RunningService } from "./billing-harness.ts";

const run = billingRun("billing-threads");
let dataDir = "";
let consumer: RunningService;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "tally-billing-threads-"));
  await run.stack.setUp();
  consumer = await startService(CONSUMER_ENTRY, run.consumerEnv(dataDir, { KERNEL_THREADS: "3" }));
}, 120_000);

afterAll(async () => {
  consumer?.kill();
  await run.stack.tearDown();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}, 60_000);

/** ~12 MB of the seed's shape; returns the text with the expected cents per company and the bad rows. */
function billingFile(rows: number): { text: string; cents: Map<string, bigint>; rejected: number; records: number } {
  const rng = createRng(42);
  const companies = ["Acme", "Globex", "Initech", '"Umbrella, Inc"', '"Line\nBreak Ltd"', '"Say ""Hi"" Co"', "Hooli"];
  const names = new Map([['"Umbrella, Inc"', "Umbrella, Inc"], ['"Line\nBreak Ltd"', "Line\nBreak Ltd"], ['"Say ""Hi"" Co"', 'Say "Hi" Co']]);
  const cents = new Map<string, bigint>();
  const lines = ["service,cost,company"];
  let rejected = 0;
  for (let i = 0; i < rows; i++) {
    const roll = rng.float();
    if (roll < 0.001) {
      lines.push("svc,1.00,"); // empty company: rejected
      rejected++;
    } else if (roll < 0.002) {
      lines.push("svc,abc,Acme"); // not a cost: rejected
      rejected++;
    } else {
      const company = companies[Math.floor(rng.float() * companies.length)]!;
      const c = BigInt(Math.floor(rng.float() * 100_000));
      lines.push(`svc${i % 7},${c / 100n}.${String(c % 100n).padStart(2, "0")},${company}`);
      const name = names.get(company) ?? company;
      cents.set(name, (cents.get(name) ?? 0n) + c);
    }
  }
  return { text: lines.join("\n") + "\n", cents, rejected, records: rows };
}

describe("billing files read with threads", () => {
  test("a 12 MB file on KERNEL_THREADS=3: every company's total to the cent, bad rows rejected and counted", async () => {
    const file = billingFile(520_000);
    expect(file.text.length).toBeGreaterThan(9 * 1024 * 1024);
    await writeFile(join(dataDir, "big.csv"), file.text);
    const ack = await sendRaw(run.stack.kafka, run.files, "big.csv");
    await run.stack.waitCommitted(run.group, [ack]);
    const rs = await run.stack.cql.execute(`SELECT company, source, total_cost FROM ${run.stack.keyspace}.billing_by_file`);
    const got = Object.fromEntries(rs.rows.filter((r) => r.get("source") === "big.csv").map((r) => [String(r.get("company")), String(r.get("total_cost"))]));
    const want = Object.fromEntries([...file.cents].map(([c, v]) => [c, `${v / 100n}.${String(v % 100n).padStart(2, "0")}`]));
    expect(got).toEqual(want);
    const marker = (await run.stack.cql.execute(`SELECT companies, records, rejected FROM ${run.stack.keyspace}.processed_files WHERE source = ?`, ["big.csv"], { prepare: true })).first();
    expect(`${marker?.get("companies")} ${marker?.get("records")} ${marker?.get("rejected")}`).toBe(`${file.cents.size} ${file.records - file.rejected} ${file.rejected}`);
  }, 120_000);
});
