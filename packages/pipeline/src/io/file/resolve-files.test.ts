import { afterAll, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConnectionError, RetriesExhaustedError } from "../../errors.ts";
import { createContext } from "../../model/context.ts";
import { pipeline } from "../../model/pipeline.ts";
import { memorySink, memorySource } from "../../runners/in-memory.ts";
import { runPipeline } from "../../runners/streaming-runner.ts";
import { resolveFiles } from "./resolve-files.ts";

const root = await realpath(await mkdtemp(join(tmpdir(), "tally-resolve-")));
const base = join(root, "data");
const outside = join(root, "secret.txt");
await mkdir(join(base, "reports", "2026"), { recursive: true });
await writeFile(join(base, "top.csv"), "x");
await writeFile(join(base, "reports", "2026", "b1.csv"), "x");
await writeFile(outside, "secret");
await symlink(outside, join(base, "escape.csv"));
await symlink(join(base, "reports", "2026", "b1.csv"), join(base, "alias.csv"));
await symlink(base, join(root, "link-to-data"));
afterAll(() => rm(root, { recursive: true, force: true }));

/** Resolves names (the elements themselves) inside `dir` with a fresh context. */
async function resolveNames(names: string[], dir = base) {
  const ctx = createContext("b1");
  const out = await resolveFiles(dir, (name: string) => name)(names, ctx);
  return { out, rejected: ctx.rejected.map((r) => [r.item, r.kind]), ctx };
}

describe("resolveFiles", () => {
  test("a good file: its real path, and its name relative to the base with '/'", async () => {
    const { out, rejected } = await resolveNames(["reports/2026/b1.csv", "top.csv", "  top.csv\n"]);
    expect(out).toEqual([
      { input: "reports/2026/b1.csv", path: join(base, "reports", "2026", "b1.csv"), name: "reports/2026/b1.csv" },
      { input: "top.csv", path: join(base, "top.csv"), name: "top.csv" },
      { input: "  top.csv\n", path: join(base, "top.csv"), name: "top.csv" },
    ]);
    expect(rejected).toEqual([]);
  });

  test("an absolute path inside the base and a symlink staying inside are accepted, named by the real file", async () => {
    const { out } = await resolveNames([join(base, "reports", "2026", "b1.csv"), "alias.csv"]);
    expect(out.map((f) => f.name)).toEqual(["reports/2026/b1.csv", "reports/2026/b1.csv"]);
  });

  test("a base reached through a symlink (e.g. /tmp on macOS): relative and absolute names under the link as configured", async () => {
    const viaLink = join(root, "link-to-data");
    const { out, rejected } = await resolveNames(["top.csv", join(viaLink, "reports", "2026", "b1.csv"), join(base, "top.csv"), join(viaLink, "escape.csv")], viaLink);
    expect(out.map((f) => [f.path, f.name])).toEqual([
      [join(base, "top.csv"), "top.csv"],
      [join(base, "reports", "2026", "b1.csv"), "reports/2026/b1.csv"],
      [join(base, "top.csv"), "top.csv"],
    ]);
    expect(rejected).toEqual([[join(viaLink, "escape.csv"), "unsafe_path"]]);
  });

  test("the name comes from any element through nameOf; the FileRef keeps the element", async () => {
    const ctx = createContext("b1");
    const messages = [{ offset: "7", value: "top.csv" }];
    const out = await resolveFiles(base, (m: { value: string }) => m.value)(messages, ctx);
    expect(out[0]!.input).toBe(messages[0]!);
    expect(out[0]!.name).toBe("top.csv");
  });

  test("poison names go to the dead letters by kind; the others in the batch still resolve, in order", async () => {
    const { out, rejected, ctx } = await resolveNames(["", "   ", "top.csv", "../secret.txt", "reports/../top.csv", outside, "/etc/passwd", "escape.csv", "missing.csv", "reports", "reports/2026", "a\0b", "reports/2026/b1.csv"]);
    expect(out.map((f) => f.name)).toEqual(["top.csv", "reports/2026/b1.csv"]);
    expect(rejected).toEqual([
      ["", "empty"],
      ["   ", "empty"],
      ["../secret.txt", "unsafe_path"],
      ["reports/../top.csv", "unsafe_path"],
      [outside, "unsafe_path"],
      ["/etc/passwd", "unsafe_path"],
      ["escape.csv", "unsafe_path"],
      ["missing.csv", "unreadable"],
      ["reports", "unreadable"],
      ["reports/2026", "unreadable"],
      ["a\0b", "unsafe_path"],
    ]);
    expect(ctx.rejected.find((r) => r.item === "")?.reason).toBe("names no file");
    expect(ctx.rejected.find((r) => r.item === "reports")?.reason).toBe("not a regular file: reports");
    expect(ctx.rejected.find((r) => r.item === "missing.csv")?.reason).toContain("missing.csv");
    expect(ctx.rejected.every((r) => r.batchId === "b1")).toBe(true);
  });

  test("a missing base directory fails the batch with a retriable error (the deployment's fault, not the element's)", async () => {
    const missing = join(root, "not-yet");
    const error = await resolveNames(["top.csv"], missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).retriable).toBe(true);
    expect((error as Error).message).toContain(missing);

    // So the runner retries the batch, leaves it unacknowledged while the directory is missing…
    const source = memorySource([["top.csv"]]);
    const sink = memorySink<unknown>();
    const p = pipeline.from(source).apply(resolveFiles(missing, (n: string) => n));
    await expect(runPipeline(p.to(sink), { retry: { retries: 2, sleep: async () => {} } })).rejects.toBeInstanceOf(RetriesExhaustedError);
    expect(source.acked).toEqual([]);

    // …and goes on once it is there.
    const later = memorySource([["x.csv"]]);
    const stats = await runPipeline(pipeline.from(later).apply(resolveFiles(missing, (n: string) => n)).to(sink), {
      retry: {
        sleep: async () => {},
        onRetry: async () => {
          await mkdir(missing, { recursive: true });
          await writeFile(join(missing, "x.csv"), "x");
        },
      },
    });
    expect(stats).toMatchObject({ batches: 1, itemsOut: 1, rejected: 0 });
    expect(later.acked).toEqual(["batch-0"]);
  });
});

test("an element whose file name cannot be read is poison (bad_record), not a retry", async () => {
  const ctx = createContext("b");
  const out = await resolveFiles(process.cwd(), (): string => {
    throw new TypeError("value is not text");
  })(["x"], ctx);
  expect(out).toEqual([]);
  expect(ctx.rejected.map((r) => [r.kind, r.reason])).toEqual([["bad_record", "cannot read a file name from it: value is not text"]]);
});
