import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isAlive, readPid, runningPid, startDetached, stopPid } from "./processes.ts";

describe("pid-file process control", () => {
  test("starts detached, recognises its own process by marker, stops it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tally-proc-"));
    const pidFile = join(dir, "sleep.pid");
    const pid = startDetached(["sh", "-c", "sleep 30; true", dir], { pidFile, logFile: join(dir, "out.log") });
    expect(readPid(pidFile)).toBe(pid);
    await Bun.sleep(100);
    expect(runningPid(pidFile, dir)).toBe(pid);
    // A pid file naming a process that is not ours is never trusted.
    expect(runningPid(pidFile, "/not/our/marker")).toBeNull();
    expect(await stopPid(pidFile, dir, 2000)).toBe(true);
    expect(isAlive(pid)).toBe(false);
    expect(readPid(pidFile)).toBeNull();
  });
  test("a stale pid file is cleaned up, nothing signalled", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tally-proc-"));
    const pidFile = join(dir, "x.pid");
    writeFileSync(pidFile, "999999\n");
    expect(await stopPid(pidFile, dir)).toBe(false);
    expect(readPid(pidFile)).toBeNull();
  });
});
