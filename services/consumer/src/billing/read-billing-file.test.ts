import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadKernelFromDisk } from "@tally/kernel-wasm/disk";
import { createReferenceAggregator } from "@tally/kernel-wasm/reference";
import { PoisonInputError } from "../jobs/poison.ts";
import { readBillingFile, type ReadBillingFileOptions } from "./read-billing-file.ts";

let dir: string;
let options: ReadBillingFileOptions;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tally-read-billing-"));
  await mkdir(join(dir, "data/sub"), { recursive: true });
  await writeFile(join(dir, "data/sub/r1.csv"), "service,cost,company,,,\nRun,10.0,A,,,\nSQL,20.5,B,,,\nLB,\"1,000.00\",A,,,\nLB,11.25,A,,,\n");
  await writeFile(join(dir, "data/bad-header.csv"), "service,price,firm\nRun,1,A\n");
  await writeFile(join(dir, "outside.csv"), "service,cost,company\nX,1,A\n");
  await symlink(join(dir, "outside.csv"), join(dir, "data/escape.csv"));
  await symlink(join(dir, "data/sub/r1.csv"), join(dir, "data/alias.csv"));
  const kernel = await loadKernelFromDisk();
  options = { dataDir: join(dir, "data"), createAggregator: (s) => kernel.createAggregator(s), chunkSize: 7 };
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function poison(path: string): Promise<PoisonInputError> {
  const error = await readBillingFile(path, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PoisonInputError);
  return error as PoisonInputError;
}

describe("readBillingFile", () => {
  test("per-company exact totals in tiny chunks, rejects counted, source normalized", async () => {
    let beats = 0;
    const t = await readBillingFile("./sub//r1.csv", { ...options, heartbeat: async () => void beats++ });
    expect(beats).toBeGreaterThan(5); // one per 7-byte chunk
    expect(t.source).toBe("sub/r1.csv");
    expect(t.companies.sort((a, b) => a.company.localeCompare(b.company))).toEqual([
      { company: "A", totalUnits: 2125n, records: 2 },
      { company: "B", totalUnits: 2050n, records: 1 },
    ]);
    expect(t.rejected).toBe(1); // "1,000.00" is not a plain decimal
    expect(t.records).toBe(3);
    expect(t.scale).toBe(2);
  });

  test("the kernel and the reference agree; a symlink inside DATA_DIR is the same source", async () => {
    const ref = await readBillingFile("alias.csv", { ...options, createAggregator: createReferenceAggregator });
    expect(ref.source).toBe("sub/r1.csv");
    expect(ref.companies.map((c) => c.totalUnits).sort()).toEqual([2050n, 2125n]);
  });

  test("refuses paths leaving DATA_DIR", async () => {
    expect((await poison("../outside.csv")).kind).toBe("unsafe_path");
    expect((await poison("/etc/passwd")).kind).toBe("unsafe_path");
    expect((await poison("escape.csv")).kind).toBe("unsafe_path");
  });

  test("missing, empty, directories and unknown headers are poison", async () => {
    expect((await poison("nope.csv")).kind).toBe("unreadable");
    expect((await poison("  ")).kind).toBe("empty");
    expect((await poison("sub")).kind).toBe("unreadable");
    const header = await poison("bad-header.csv");
    expect(header.kind).toBe("bad_format");
    expect(header.message).toContain("UNKNOWN_COLUMN");
  });

  test("a missing DATA_DIR is retried, not dead-lettered", async () => {
    const error = await readBillingFile("sub/r1.csv", { ...options, dataDir: join(dir, "gone") }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PoisonInputError);
  });
});
