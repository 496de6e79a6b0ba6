import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decimal } from "@tally/decimal";
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
  const { wiring, sinks } = testWiring({ DATA_DIR: dir, BILLING_FILES_TOPIC: "billing" });
  return { job: jobHarness(billingFilesJob(wiring)), written: sinks.billingFiles };
}

describe("billing-files job", () => {
  test("writes per-company exact totals per file and dead-letters unsafe, empty and missing names", async () => {
    const { job, written } = setup();
    const outcome = await job.handle(["r1.csv", "../../etc/passwd", "./r1.csv", null, "missing.csv"], { partition: 2, firstOffset: 40 });
    // r1.csv twice (under two names) reaches the store twice; the store writes a source once.
    expect(written.items.map((f) => f.source)).toEqual(["r1.csv", "r1.csv"]);
    expect(written.items[0]).toMatchObject({ source: "r1.csv", records: 2, rejected: 1 });
    expect(written.items[0]?.companies).toContainEqual({ company: "A", total: decimal(1000n, 2), records: 1 });
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
    const { job, written } = setup();
    await job.handle(["bad.csv"]);
    expect(written.items).toEqual([]);
    expect(job.deadLetters.map((l) => l.kind)).toEqual(["bad_format"]);
  });

  test("a failing store throws before any dead letter or metric: the batch is retried", async () => {
    const { job, written } = setup();
    written.fail = new Error("cassandra down");
    await expect(job.handle(["r1.csv", "/etc/passwd"])).rejects.toThrow("cassandra down");
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
