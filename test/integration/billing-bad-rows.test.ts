/**
 * What cannot be billed is refused with a reason, counted and dead-lettered, and the rest is billed
 * (issue 12): the 4-row file with an empty company, negative costs and durations, companies
 * that are not valid UTF-8, empty api-log messages, and dead-letter reasons that never show where
 * DATA_DIR lies on the host. Real consumer, Kafka and Cassandra.
 */
import { describe, expect, test } from "bun:test";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { billingRunWithConsumer, getJson, readLetters, sendRaw, type Letter } from "./billing-harness.ts";

const live = billingRunWithConsumer("billing-bad");
const { run } = live;

type Company = { company: string; total_cost: string };

/** Every billing_by_file row of `source` as "company total". */
async function rowsOf(source: string): Promise<string[]> {
  const rs = await run.stack.cql.execute(`SELECT company, source, total_cost FROM ${run.stack.keyspace}.billing_by_file`);
  return rs.rows.filter((r) => r.get("source") === source).map((r) => `${r.get("company")} ${r.get("total_cost")}`).sort();
}

/** A processed_files marker as "companies records rejected". */
async function processed(source: string): Promise<string | undefined> {
  const rs = await run.stack.cql.execute(`SELECT companies, records, rejected FROM ${run.stack.keyspace}.processed_files WHERE source = ?`, [source], { prepare: true });
  const r = rs.first();
  return r ? `${r.get("companies")} ${r.get("records")} ${r.get("rejected")}` : undefined;
}

/** The dead letter of the message at `at` (reading the DLQ from the start under a fresh reader group). */
async function letterAt(at: { partition: number; offset: string }, topic: string): Promise<Letter> {
  const match = (l: Letter) => l.topic === topic && l.partition === at.partition && l.offset === at.offset;
  const letters = await readLetters(run.stack.kafka, run.dlq, `${topic}-${at.partition}-${at.offset}`, (ls) => ls.some(match));
  return letters.find(match)!;
}

async function metric(name: string): Promise<number> {
  const text = await (await fetch(live.consumer.url + "/metrics")).text();
  const m = new RegExp(`^${name.replace(/[{}"]/g, "\\$&")} (\\d+)$`, "m").exec(text);
  return m ? Number(m[1]) : 0;
}

describe("billing files: rows that cannot be billed", () => {
  test("the issue's 4-row file with an empty company is billed without that row, which is counted and dead-lettered", async () => {
    await writeFile(join(live.dataDir, "four.csv"), "service,cost,company\nsvc,1.00,E1\nsvc,2.00,E2\nsvc,4.00,\nsvc,3.00,E1\n");
    const ack = await sendRaw(run.stack.kafka, run.files, "four.csv");
    await run.stack.waitCommitted(run.group, [ack]);
    expect(await rowsOf("four.csv")).toEqual(["E1 4.00", "E2 2.00"]);
    expect(await processed("four.csv")).toBe("2 3 1");
    const billed = await getJson<Company[]>(live.consumer.url + "/billing");
    expect(billed.filter((c) => c.company.startsWith("E") || c.company === "").map((c) => `${c.company} ${c.total_cost}`)).toEqual(["E1 4.00", "E2 2.00"]);
    const letter = await letterAt(ack, run.files);
    expect([letter.kind, letter.value, letter.reason]).toEqual(["rejected_rows", "four.csv", '1 row(s) of four.csv rejected, the others were billed: 1 row(s) with company "": company is empty']);
    expect(await metric('tally_job_records_rejected_total{job_name="billing-files"}')).toBeGreaterThanOrEqual(1);
  }, 60_000);

  test("negative costs are rejected rows by default (BILLING_ALLOW_CREDITS is off)", async () => {
    await writeFile(join(live.dataDir, "credits.csv"), 'service,cost,company\nsvc,10.00,F1\nrefund,-100.00,F1\nsvc,"-2.50",F2\nsvc,5.00,F2\n');
    const ack = await sendRaw(run.stack.kafka, run.files, "credits.csv");
    await run.stack.waitCommitted(run.group, [ack]);
    expect(await rowsOf("credits.csv")).toEqual(["F1 10.00", "F2 5.00"]);
    expect(await processed("credits.csv")).toBe("2 2 2");
    expect((await letterAt(ack, run.files)).reason).toBe("2 row(s) of credits.csv rejected, the others were billed: line 3: negative value; line 4: negative value");
  }, 60_000);

  test("two different invalid UTF-8 companies are rejected rows, never merged into one company", async () => {
    const csv = Buffer.concat([Buffer.from("service,cost,company\nsvc,1.00,G"), Buffer.from([0xff]), Buffer.from("\nsvc,2.00,G"), Buffer.from([0xfe]), Buffer.from("\nsvc,4.00,G1\n")]);
    await writeFile(join(live.dataDir, "utf8.csv"), csv);
    const ack = await sendRaw(run.stack.kafka, run.files, "utf8.csv");
    await run.stack.waitCommitted(run.group, [ack]);
    expect(await rowsOf("utf8.csv")).toEqual(["G1 4.00"]);
    expect(await processed("utf8.csv")).toBe("1 1 2");
    expect((await getJson<Company[]>(live.consumer.url + "/billing")).filter((c) => c.company.includes("\uFFFD"))).toEqual([]);
    expect((await letterAt(ack, run.files)).reason).toContain("2 row(s) with company \"G\uFFFD\": company is not valid UTF-8");
  }, 60_000);

  test("dead-letter reasons name paths relative to DATA_DIR", async () => {
    const ack = await sendRaw(run.stack.kafka, run.files, join(live.dataDir, "sub/missing.csv"));
    await run.stack.waitCommitted(run.group, [ack]);
    const letter = await letterAt(ack, run.files);
    expect([letter.kind, letter.reason]).toEqual(["unreadable", "no such file: sub/missing.csv"]);
    expect(letter.reason).not.toContain(live.dataDir);
  }, 60_000);
});

describe("api logs: lines and messages that cannot be billed", () => {
  test("a negative duration is a rejected line with its reason; the message's other lines are billed", async () => {
    const ack = await sendRaw(run.stack.kafka, run.logs, "2025-05-02T10:00:00Z neg-user login 200 20ms\n2025-05-02T10:00:01Z neg-user login 200 -5ms\n");
    await run.stack.waitCommitted(run.group, [ack]);
    expect(await getJson(`${live.consumer.url}/billing/api-usage?user=neg-user`)).toEqual([{ user: "neg-user", total_duration_ms: 20, requests: 1, total_cost: "0.10" }]);
    const letter = await letterAt(ack, run.logs);
    expect([letter.kind, letter.reason, letter.value]).toEqual([
      "rejected_lines",
      "1 api-log line(s) rejected, the others were kept: line 2: negative value",
      "2025-05-02T10:00:01Z neg-user login 200 -5ms",
    ]);
  }, 60_000);

  test("an empty message is dead-lettered as empty, not silently passed by", async () => {
    const ack = await sendRaw(run.stack.kafka, run.logs, "\n\n");
    await run.stack.waitCommitted(run.group, [ack]);
    const letter = await letterAt(ack, run.logs);
    expect([letter.kind, letter.reason]).toEqual(["empty", "empty: the message holds no api-log line"]);
    expect(await metric('tally_job_dead_letters_total{job_name="api-logs",kind="empty"}')).toBe(1);
  }, 60_000);
});
