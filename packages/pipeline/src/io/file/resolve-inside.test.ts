import { afterAll, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError, UnsafePathError } from "../../errors.ts";
import { resolveInside } from "./resolve-inside.ts";

const root = await realpath(await mkdtemp(join(tmpdir(), "tally-paths-")));
const base = join(root, "data");
const outside = join(root, "secret.txt");
await mkdir(join(base, "reports"), { recursive: true });
await writeFile(join(base, "reports", "b1.csv"), "x");
await writeFile(outside, "secret");
await symlink(outside, join(base, "escape.csv"));
await symlink(join(root), join(base, "up"));
await symlink(join(base, "reports", "b1.csv"), join(base, "alias.csv"));
await symlink(base, join(root, "link-to-data"));
afterAll(() => rm(root, { recursive: true, force: true }));

describe("resolveInside", () => {
  test("resolves relative paths inside the base to their real path", async () => {
    expect(await resolveInside(base, "reports/b1.csv")).toBe(join(base, "reports", "b1.csv"));
    expect(await resolveInside(base, "./reports//b1.csv")).toBe(join(base, "reports", "b1.csv"));
  });

  test("follows symlinks that stay inside", async () => {
    expect(await resolveInside(base, "alias.csv")).toBe(join(base, "reports", "b1.csv"));
  });

  test("refuses .. even when it would land inside", async () => {
    await expect(resolveInside(base, "../secret.txt")).rejects.toBeInstanceOf(UnsafePathError);
    await expect(resolveInside(base, "reports/../reports/b1.csv")).rejects.toBeInstanceOf(UnsafePathError);
    await expect(resolveInside(base, "reports\\..\\..\\secret.txt")).rejects.toBeInstanceOf(UnsafePathError);
  });

  test("refuses absolute paths outside, accepts absolute paths inside", async () => {
    await expect(resolveInside(base, outside)).rejects.toBeInstanceOf(UnsafePathError);
    await expect(resolveInside(base, "/etc/passwd")).rejects.toBeInstanceOf(UnsafePathError);
    expect(await resolveInside(base, join(base, "reports", "b1.csv"))).toBe(join(base, "reports", "b1.csv"));
  });

  test("refuses symlinks escaping the base, as file or as directory", async () => {
    await expect(resolveInside(base, "escape.csv")).rejects.toBeInstanceOf(UnsafePathError);
    await expect(resolveInside(base, "up/secret.txt")).rejects.toBeInstanceOf(UnsafePathError);
  });

  test("works when the base itself is reached through a symlink", async () => {
    const viaLink = join(root, "link-to-data");
    expect(await resolveInside(viaLink, "reports/b1.csv")).toBe(join(base, "reports", "b1.csv"));
    expect(await resolveInside(viaLink, join(viaLink, "reports", "b1.csv"))).toBe(join(base, "reports", "b1.csv"));
    await expect(resolveInside(viaLink, "escape.csv")).rejects.toBeInstanceOf(UnsafePathError);
  });

  test("missing files, empty paths and NUL bytes", async () => {
    await expect(resolveInside(base, "nope.csv")).rejects.toBeInstanceOf(InputError);
    await expect(resolveInside(base, "")).rejects.toBeInstanceOf(UnsafePathError);
    await expect(resolveInside(base, "a\0b")).rejects.toBeInstanceOf(UnsafePathError);
    await expect(resolveInside(join(root, "nodir"), "x")).rejects.toBeInstanceOf(InputError);
  });
});
