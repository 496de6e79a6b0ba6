/** bin/tally.ts runs the bundle only while it is newer than what it was built from; the bundle answers as the sources do. */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleIsFresh, isFresh, SOURCES_FILE } from "./bundle-freshness.ts";

const dir = mkdtempSync(join(tmpdir(), "tally-bundle-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const url = new URL(`file://${dir}/`);

describe("isFresh", () => {
  test("every source at or before the build: fresh; one newer or missing: stale", () => {
    expect(isFresh(1000, [999, 1000])).toBe(true);
    expect(isFresh(1000, [999, 1001])).toBe(false);
    expect(isFresh(1000, [999, undefined])).toBe(false);
    expect(isFresh(1000, [])).toBe(true);
  });
});

describe("bundleIsFresh", () => {
  const source = join(dir, "a.ts");
  writeFileSync(source, "export {};\n");
  const seconds = (ms: number) => ms / 1000;

  test("no sources.json, or an unreadable one: stale", () => {
    expect(bundleIsFresh(url)).toBe(false);
    writeFileSync(join(dir, SOURCES_FILE), "{not json");
    expect(bundleIsFresh(url)).toBe(false);
  });

  test("a source edited after the build makes it stale; a deleted one too", () => {
    const built = Date.now();
    utimesSync(source, seconds(built - 5000), seconds(built - 5000));
    writeFileSync(join(dir, SOURCES_FILE), JSON.stringify({ builtMs: built, files: [source] }));
    expect(bundleIsFresh(url)).toBe(true);
    utimesSync(source, seconds(built + 5000), seconds(built + 5000));
    expect(bundleIsFresh(url)).toBe(false);
    writeFileSync(join(dir, SOURCES_FILE), JSON.stringify({ builtMs: built, files: [join(dir, "gone.ts")] }));
    expect(bundleIsFresh(url)).toBe(false);
  });
});

describe("the bundled CLI (bun run build)", () => {
  test("bin/tally.ts on the bundle prints what src/main.ts prints, with 2 threads, and its exit code", async () => {
    const root = join(import.meta.dir, "..");
    // From the package's folder, as `bun run build` runs it (the metafile's paths are relative to it).
    expect(Bun.spawnSync(["bun", join(root, "scripts", "build.ts"), "--force"], { cwd: root }).exitCode).toBe(0);
    expect(bundleIsFresh(new URL(`file://${join(root, "build")}/`))).toBe(true);
    // A file big enough to be split (2 parts of at least 4 MiB), with rejected rows.
    const rows = Array.from({ length: 1_200_000 }, (_, i) => (i % 99_991 === 0 ? `svc,bad,c${i % 50}` : `svc,${i % 100}.${i % 10}5,c${i % 50}`));
    const file = join(dir, "big.csv");
    writeFileSync(file, `service,cost,company\n${rows.join("\n")}\n`);
    const args = ["aggregate", file, "--format", "csv", "--key", "company", "--sum", "cost", "--output", "jsonl", "--threads", "2"];
    const run = (entry: string) => Bun.spawnSync(["bun", join(root, entry), ...args]);
    const bundled = run("bin/tally.ts");
    const sources = run("src/main.ts");
    expect(bundled.exitCode).toBe(0);
    expect(bundled.stdout.toString()).toBe(sources.stdout.toString());
    expect(bundled.stdout.toString().split("\n")).toHaveLength(51);
    expect(bundled.stderr.toString()).toContain("2 threads");
    expect(bundled.stderr.toString().replace(/ in [\d.]+ s \([\d.]+ MB\/s/, "")).toBe(sources.stderr.toString().replace(/ in [\d.]+ s \([\d.]+ MB\/s/, ""));
    const bad = Bun.spawnSync(["bun", join(root, "bin", "tally.ts"), "aggregate", join(dir, "missing.csv"), "--format", "csv", "--key", "k"]);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr.toString()).toContain("no such file");
  }, 60_000);
});
