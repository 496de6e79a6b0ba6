import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jobHarness } from "@tally/pipeline/testing";
import { billingFilesJob } from "./billing-files-job.ts";
import { testWiring } from "./test-wiring.ts";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tally-files-job-"));
  await writeFile(join(dir, "r1.csv"), "service,cost,company,,,\nRun,10.0,A,,,\nSQL,20.0,B,,,\nLB,oops,A,,,\n");
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function setup() {
  const { wiring, db } = testWiring({ DATA_DIR: dir, BILLING_FILES_TOPIC: "billing" });
  // billing_by_file rows as (company, source, total, records)
  const rows = () => db.inserts("billing_by_file").map(([company, source, total, records]) => [company, source, String(total), String(records)]);
  return { job: jobHarness(billingFilesJob(wiring)), db, rows };
}

describe("billing-files job", () => {
  test("writes per-company exact totals per file and dead-letters unsafe, empty and missing names", async () => {
    const { job, db, rows } = setup();
    const outcome = await job.handle(["r1.csv", "../../etc/passwd", "./r1.csv", null, "missing.csv"], { partition: 2, firstOffset: 40 });
    // r1.csv twice (under two names) is one source, written once.
    expect(rows()).toEqual([
      ["A", "r1.csv", "10.00", "1"],
      ["B", "r1.csv", "20.00", "1"],
    ]);
    const [marker] = db.inserts("processed_files");
    expect(marker?.slice(0, 4).map(String)).toEqual(["r1.csv", "2", "2", "1"]); // source, companies, records, rejected
    expect(job.deadLetters.map((l) => [(l.item as { offset: string }).offset, l.kind])).toEqual([
      ["41", "unsafe_path"],
      ["43", "empty"],
      ["44", "unreadable"],
    ]);
    expect(job.deadLetters[0]?.reason).toContain("..");
    expect(outcome).toEqual({ records: 5, rejected: 2, deadLetters: 3 });
    const metrics = await job.metrics();
    expect(metrics).toContain('tally_job_dead_letters_total{job_name="billing-files",kind="unsafe_path"} 1');
    expect(metrics).toContain('tally_job_dead_letters_total{job_name="billing-files",kind="unreadable"} 1');
    expect(metrics).toContain('tally_job_records_total{job_name="billing-files"} 4');
    expect(metrics).toContain('tally_job_records_rejected_total{job_name="billing-files"} 2');
  });

  test("a file the kernel cannot parse (unknown column) is poison, not a retry", async () => {
    await writeFile(join(dir, "bad.csv"), "service,price,firm\nRun,1,A\n");
    const { job, rows } = setup();
    await job.handle(["bad.csv"]);
    expect(rows()).toEqual([]);
    expect(job.deadLetters.map((l) => l.kind)).toEqual(["bad_format"]);
  });

  test("a failing store throws before any dead letter or metric: the batch is retried", async () => {
    const { job, db } = setup();
    db.failWith(Object.assign(new Error("no host"), { name: "NoHostAvailableError" }));
    await expect(job.handle(["r1.csv", "/etc/passwd"])).rejects.toMatchObject({ retriable: true });
    expect(job.deadLetters).toEqual([]);
    expect(await job.metrics()).not.toContain('tally_job_records_total{job_name="billing-files"} 2');
  });

  test("a failing dead-letter write throws too, and a missing DATA_DIR is retried, not dead-lettered", async () => {
    const a = setup();
    a.job.failDeadLetters(new Error("kafka down"));
    await expect(a.job.handle(["nope.csv"])).rejects.toThrow("kafka down");
    const { wiring } = testWiring({ DATA_DIR: join(dir, "not-there") });
    const b = jobHarness(billingFilesJob(wiring));
    await expect(b.handle(["r1.csv"])).rejects.toMatchObject({ retriable: true });
    expect(b.deadLetters).toEqual([]);
  });
});
