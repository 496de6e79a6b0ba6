/**
 * --threads gives exactly what one thread gives: the real process on a file big enough to split by
 * default (the parts themselves: packages/pipeline/src/io/file/parallel-aggregate.test.ts), and the
 * option's parsing.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRng } from "@tally/generate";
import { quotedCsvText as csvText } from "@tally/pipeline/testing";
import { defaultThreads } from "@tally/pipeline/file";
import { parseAggregateArgs } from "./args.ts";
import { UsageError } from "./errors.ts";

const dir = await mkdtemp(join(tmpdir(), "tally-threads-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The cases are random but the same on every run (the project's seeded generator). */
const rng = (seed: number): (() => number) => createRng(seed).float;

/** `tally aggregate path --format csv --key company --sum cost …extra --threads N` as a real process. */
async function aggregate(path: string, threads: number, extra: string[]) {
  const proc = Bun.spawn(["bun", join(import.meta.dir, "main.ts"), "aggregate", path, "--format", "csv", "--key", "company", "--sum", "cost", ...extra, "--threads", String(threads)], { stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { stdout, stderr, code };
}

describe("tally aggregate --threads (real process)", () => {
  test("a 12 MB file with quoted LFs and bad rows: stdout and --errors identical for 1 and 3 threads", async () => {
    const path = join(dir, "big.csv");
    await writeFile(path, csvText(rng(7), 600_000));
    const run = async (threads: number) => {
      const errors = join(dir, `errors-${threads}.jsonl`);
      return { ...(await aggregate(path, threads, ["--output", "csv", "--errors", errors])), errors: await readFile(errors, "utf8") };
    };
    const one = await run(1);
    const three = await run(3);
    expect(one.code).toBe(0);
    expect(three.code).toBe(0);
    expect(three.stderr).toContain("3 threads");
    expect(one.errors.split("\n").length).toBeGreaterThan(1000);
    expect(three.stdout).toBe(one.stdout);
    expect(three.errors).toBe(one.errors);
  }, 60_000);

  test("a 10 MB file of 250k keys (each part sorts its table, part 0 walks both): jsonl identical for 1 and 2 threads", async () => {
    const r = rng(11);
    const path = join(dir, "keys.csv");
    const rows = Array.from({ length: 600_000 }, () => `s,${Math.floor(r() * 9_000)}.${Math.floor(r() * 100)},k${Math.floor(r() * 250_000)}`);
    await writeFile(path, `service,cost,company\n${rows.join("\n")}\n`);
    const one = await aggregate(path, 1, ["--output", "jsonl"]);
    const two = await aggregate(path, 2, ["--output", "jsonl"]);
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(two.stderr).toContain("2 threads");
    expect(one.stdout.split("\n").length).toBeGreaterThan(200_000);
    expect(two.stdout).toBe(one.stdout);
  }, 60_000);
});

describe("--threads", () => {
  const base = ["f.csv", "--format", "csv", "--key", "k"];
  test("defaults to the cores available; takes 1 to 256", () => {
    expect(defaultThreads()).toBe(navigator.hardwareConcurrency);
    expect(parseAggregateArgs(base).threads).toBe(defaultThreads());
    expect(parseAggregateArgs([...base, "--threads", "1"]).threads).toBe(1);
    expect(parseAggregateArgs([...base, "--threads", "256"]).threads).toBe(256);
  });
  test("anything else is a usage error naming the range", () => {
    for (const bad of ["0", "257", "two", "1.5", ""]) {
      expect(() => parseAggregateArgs([...base, "--threads", bad])).toThrow(UsageError);
      expect(() => parseAggregateArgs([...base, "--threads", bad])).toThrow(/--threads must be an integer from 1 to 256/);
    }
    expect(() => parseAggregateArgs([...base, "--threads", "-1"])).toThrow(UsageError); // parseArgs: looks like an option
  });
});
