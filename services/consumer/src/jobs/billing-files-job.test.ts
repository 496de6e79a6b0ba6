import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Kernel } from "@tally/kernel-wasm";
import { loadKernelFromDisk } from "@tally/kernel-wasm/disk";
import type { FileTotals } from "../billing/billing-store.ts";
import { billingFilesJob } from "./billing-files-job.ts";
import { fakeBatch, jobTestKit, MemoryDeadLetters } from "./test-support.ts";

let dir: string;
let kernel: Kernel;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tally-files-job-"));
  await writeFile(join(dir, "r1.csv"), "service,cost,company,,,\nRun,10.0,A,,,\nSQL,20.0,B,,,\nLB,oops,A,,,\n");
  kernel = await loadKernelFromDisk();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function setup(store: { writeFile(f: FileTotals): Promise<void> }) {
  const kit = jobTestKit();
  const deadLetters = new MemoryDeadLetters();
  const order: string[] = [];
  const handler = billingFilesJob({
    dataDir: dir,
    createAggregator: (s) => kernel.createAggregator(s),
    store,
    deadLetters,
    metrics: kit.metrics,
    logger: kit.logger,
    afterWrite: () => void order.push("afterWrite"),
  });
  return { ...kit, deadLetters, handler, order };
}

describe("billingFilesJob", () => {
  test("writes per-company totals once per source and dead-letters poison after the write", async () => {
    const written: FileTotals[] = [];
    const { handler, deadLetters, ctx, registry, order } = setup({ writeFile: async (f) => void written.push(f) });
    const outcome = await handler(fakeBatch("billing", 2, ["r1.csv", "../../etc/passwd", "./r1.csv", null, "missing.csv"], 40), ctx);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({ source: "r1.csv", records: 2, rejected: 1, scale: 2 });
    expect(written[0]?.companies).toContainEqual({ company: "A", totalUnits: 1000n, records: 1 });
    expect(order).toEqual(["afterWrite"]);
    expect(deadLetters.letters.map((l) => [l.offset, l.topic, l.partition])).toEqual([["41", "billing", 2], ["43", "billing", 2], ["44", "billing", 2]]);
    expect(deadLetters.letters[0]?.reason).toContain("..");
    expect(deadLetters.letters[0]?.value).toBe("../../etc/passwd");
    expect(outcome).toEqual({ files: 1, rejected: 1, deadLetters: 3 });
    const metrics = await registry.metrics();
    expect(metrics).toContain('tally_dead_letters_total{topic="billing",kind="unsafe_path"} 1');
    expect(metrics).toContain('tally_dead_letters_total{topic="billing",kind="unreadable"} 1');
    expect(metrics).toContain('tally_billing_records_rejected_total{topic="billing"} 1');
    expect(metrics).toContain('tally_billing_files_read_total{topic="billing"} 1');
  });

  test("a failing store throws before any dead letter or metric: the batch is retried", async () => {
    const { handler, deadLetters, ctx, registry } = setup({
      writeFile: async () => {
        throw new Error("cassandra down");
      },
    });
    await expect(handler(fakeBatch("billing", 0, ["r1.csv", "/etc/passwd"]), ctx)).rejects.toThrow("cassandra down");
    expect(deadLetters.letters).toEqual([]);
    expect(await registry.metrics()).not.toContain('tally_billing_files_read_total{topic="billing"} 1');
  });

  test("a failing dead-letter send throws too", async () => {
    const { handler, deadLetters, ctx } = setup({ writeFile: async () => {} });
    deadLetters.fail = new Error("kafka down");
    await expect(handler(fakeBatch("billing", 0, ["nope.csv"]), ctx)).rejects.toThrow("kafka down");
  });
});
