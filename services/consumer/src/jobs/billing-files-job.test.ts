import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jobHarness } from "@tally/pipeline/testing";
import { mkdir, symlink } from "node:fs/promises";
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
    // The file's bad row: counted, and a letter per message naming the file, beside the unsafe, empty and missing names.
    expect(job.deadLetters.map((l) => [(l.item as { offset: string }).offset, l.kind])).toEqual([
      ["41", "unsafe_path"],
      ["43", "empty"],
      ["44", "unreadable"],
      ["40", "rejected_rows"],
      ["42", "rejected_rows"],
    ]);
    expect(job.deadLetters[0]?.reason).toContain("..");
    expect(job.deadLetters[3]?.reason).toBe("1 row(s) of r1.csv rejected, the others were billed: line 4: invalid decimal");
    expect(outcome).toEqual({ records: 5, rejected: 2, deadLetters: 5 });
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

describe("billing-files job: a file named twice", () => {
  test("under its name, as ./name and through a symlink inside DATA_DIR, it is one source, written once", async () => {
    await symlink(join(dir, "r1.csv"), join(dir, "alias.csv")).catch(() => {});
    const { job, rows } = setup();
    await job.handle(["r1.csv", "./r1.csv", "alias.csv"]);
    expect(rows()).toEqual([
      ["A", "r1.csv", "10.00", "1"],
      ["B", "r1.csv", "20.00", "1"],
    ]);
  });
});

describe("billing-files job: rows that cannot be billed", () => {
  const rowsOf = (db: ReturnType<typeof setup>["db"]) => db.inserts("billing_by_file").map(([company, source, total]) => `${company} ${source} ${total}`);

  test("the issue's 4-row file with an empty company: the row is rejected and counted, the rest billed, nothing sent to Cassandra for it", async () => {
    await writeFile(join(dir, "four.csv"), "service,cost,company\nsvc,1.00,A\nsvc,2.00,B\nsvc,4.00,\nsvc,3.00,A\n");
    const { job, db } = setup();
    const outcome = await job.handle(["four.csv"], { firstOffset: 7 });
    expect(outcome).toEqual({ records: 1, rejected: 1, deadLetters: 1 });
    expect(rowsOf(db)).toEqual(["A four.csv 4.00", "B four.csv 2.00"]);
    expect(db.statements.some((st) => st.params.includes(""))).toBe(false);
    expect(db.inserts("processed_files")[0]?.slice(0, 4).map(String)).toEqual(["four.csv", "2", "3", "1"]);
    expect(job.deadLetters.map((l) => [l.kind, l.reason])).toEqual([["rejected_rows", '1 row(s) of four.csv rejected, the others were billed: 1 row(s) with company "": company is empty']]);
    expect(await job.metrics()).toContain('tally_job_records_rejected_total{job_name="billing-files"} 1');
  });

  test("negative costs are rejected rows by default, and billed as credits with BILLING_ALLOW_CREDITS=true", async () => {
    await writeFile(join(dir, "credits.csv"), 'service,cost,company\nsvc,10.00,A\nrefund,-100.00,A\nsvc,"-2.50",B\nsvc,5.00,B\nsvc,-0.00,B\n');
    const strict = setup();
    await strict.job.handle(["credits.csv"]);
    expect(rowsOf(strict.db)).toEqual(["A credits.csv 10.00", "B credits.csv 5.00"]);
    expect(strict.job.deadLetters[0]?.reason).toBe("2 row(s) of credits.csv rejected, the others were billed: line 3: negative value; line 4: negative value");
    const { wiring, db } = testWiring({ DATA_DIR: dir, BILLING_ALLOW_CREDITS: "true" });
    const lenient = jobHarness(billingFilesJob(wiring));
    expect(await lenient.handle(["credits.csv"])).toEqual({ records: 1, rejected: 0, deadLetters: 0 });
    expect(rowsOf(db)).toEqual(["A credits.csv -90.00", "B credits.csv 2.50"]);
  });

  test("two different invalid UTF-8 companies are rejected, never merged into one; blank companies too", async () => {
    const text = (s: string) => Buffer.from(s);
    await writeFile(
      join(dir, "utf8.csv"),
      Buffer.concat([text("service,cost,company\nsvc,1.00,X"), Buffer.from([0xff]), text("\nsvc,2.00,X"), Buffer.from([0xfe]), text("\nsvc,4.00,Ä\nsvc,8.00,  \n")]),
    );
    const { job, db } = setup();
    await job.handle(["utf8.csv"]);
    expect(rowsOf(db)).toEqual(["Ä utf8.csv 4.00"]);
    expect(db.inserts("processed_files")[0]?.slice(0, 4).map(String)).toEqual(["utf8.csv", "1", "1", "3"]);
    expect(job.deadLetters[0]?.reason).toBe(
      '3 row(s) of utf8.csv rejected, the others were billed: 2 row(s) with company "X\uFFFD": company is not valid UTF-8; 1 row(s) with company "  ": company is empty',
    );
  });

  test("dead-letter reasons name paths relative to DATA_DIR, never where it lies on the host", async () => {
    await mkdir(join(dir, "sub"), { recursive: true });
    await symlink("/etc/hostname", join(dir, "sub/out.csv")).catch(() => {});
    const { job } = setup();
    await job.handle([join(dir, "sub/nope.csv"), "/etc/passwd", "sub/out.csv", join(dir, "sub")]);
    const reasons = job.deadLetters.map((l) => l.reason);
    expect(reasons).toHaveLength(4);
    for (const reason of reasons) expect(reason).not.toContain(dir);
    expect(reasons).toEqual([
      "no such file: sub/nope.csv",
      "absolute path outside DATA_DIR: /etc/passwd",
      "path leaves DATA_DIR through a symlink: sub/out.csv",
      "not a regular file: sub",
    ]);
  });
});
