import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { jobHarness } from "@tally/pipeline/testing";
import { employeesJob } from "./employees-job.ts";
import { testWiring } from "./test-wiring.ts";

const SEED = resolve(import.meta.dir, "../../../../test/fixtures/seed-data/water_master_microservices");
const JSON_TOPIC = readFileSync(resolve(SEED, "json_topic.json"), "utf8").trim().split("\n");

function setup(env: Record<string, string> = {}) {
  const { wiring, db } = testWiring(env);
  const updates = () => db.statements.filter((s) => /^UPDATE \w+\.employees_by_partition/.test(s.query));
  return { job: jobHarness(employeesJob(wiring)), updates, registry: wiring.registry };
}

describe("employees job", () => {
  test("json_topic.json, a record per message: figures per partition by compare-and-set, the refused line dead-lettered", async () => {
    const { job, updates, registry } = setup({ EMPLOYEES_TOPIC: "json_topic" });
    const outcome = await job.handle(JSON_TOPIC, { partition: 2, firstOffset: 100 });
    expect(outcome).toEqual({ records: 13, rejected: 1, deadLetters: 1 }); // records: Kafka messages; rejected: input records

    const [write] = updates();
    expect(write!.query).toContain("IF next_offset = ?");
    // Driver values (Long, BigDecimal) compared as text; maps as objects of text.
    const text = (v: unknown) => (v === null || typeof v === "number" ? v : String(v));
    const map = (v: unknown) => Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, String(x)]));
    const p = write!.params;
    // next_offset, records, rejected, salary_total, gender_records, gender_salary, birth_month_records, …, topic, partition, expected next offset
    expect(p.slice(0, 4).map(text)).toEqual(["113", "12", "1", "50300.00"]);
    expect(map(p[4])).toEqual({ M: "7", F: "5" });
    expect(map(p[5])).toEqual({ M: "28900.00", F: "21400.00" });
    expect(map(p[6])).toEqual({ "1": "1", "2": "1", "3": "2", "4": "1", "5": "1", "6": "1", "8": "1", "9": "1", "10": "1", "11": "1", "12": "1" });
    expect(p.slice(-3).map(text)).toEqual(["json_topic", 2, null]);

    const letter = job.deadLetters[0]!;
    expect(letter.kind).toBe("rejected_lines");
    expect(letter.reason).toBe("1 employee record(s) refused, the others were counted: line 1: gender is empty");
    expect(letter.item).toMatchObject({ topic: "json_topic", partition: 2, offset: "104" });

    const metrics = await registry.metrics();
    expect(metrics).toContain('tally_employees_by_gender_total{topic="json_topic",gender="M"} 7');
    expect(metrics).toContain('tally_employees_by_gender_total{topic="json_topic",gender="F"} 5');
    expect(metrics).toContain('tally_employees_by_birth_month_total{topic="json_topic",month="3"} 2');
    expect(await job.metrics()).toContain('tally_job_records_rejected_total{job_name="employees"} 1');
    expect(await job.metrics()).toContain('tally_job_records_total{job_name="employees"} 12');
  });

  test("the next batch builds on the stored offset; a message of many lines counts each", async () => {
    const { job, updates } = setup();
    await job.handle([JSON_TOPIC.slice(0, 6).join("\n")], { firstOffset: 0 });
    await job.handle([JSON_TOPIC.slice(6).join("\n")], { firstOffset: 1 });
    const [first, second] = updates();
    expect([String(first!.params[0]), String(first!.params[1]), first!.params.at(-1)]).toEqual(["1", "5", null]);
    expect([String(second!.params[0]), String(second!.params[1]), String(second!.params.at(-1))]).toEqual(["2", "12", "1"]);
  });

  test("an empty message is dead-lettered as empty and counts nothing", async () => {
    const { job } = setup();
    expect(await job.handle(["", null], { firstOffset: 0 })).toEqual({ records: 2, rejected: 0, deadLetters: 2 });
    expect(job.deadLetters.map((l) => l.kind)).toEqual(["empty", "empty"]);
  });

  test("a write that Cassandra refuses is retried, not committed", async () => {
    const { wiring, db } = testWiring();
    const job = jobHarness(employeesJob(wiring));
    db.failWith(Object.assign(new Error("Cannot achieve consistency level LOCAL_SERIAL"), { name: "UnavailableException" }));
    await expect(job.handle(JSON_TOPIC.slice(0, 2))).rejects.toThrow();
    expect(await wiring.registry.metrics()).not.toContain('gender="M"} ');
  });
});
