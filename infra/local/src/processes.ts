import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/** Reads a pid file; null when absent or not a number. */
export function readPid(pidFile: string): number | null {
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, "utf8").trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** True when a process with this pid exists (and is not a zombie). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return true;
  }
}

/**
 * The pid from `pidFile` when that process is still running and its command line mentions
 * `marker` (our .stack path), so a recycled pid never makes us signal a stranger.
 */
export function runningPid(pidFile: string, marker: string): number | null {
  const pid = readPid(pidFile);
  if (pid === null || !isAlive(pid)) return null;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    if (!cmdline.includes(marker)) return null;
  } catch {
    // No /proc (not Linux): trust the pid file.
  }
  return pid;
}

/** Starts a long-running server detached from this process, output appended to `logFile`. */
export function startDetached(cmd: string[], opts: { pidFile: string; logFile: string; cwd?: string; env?: Record<string, string> }): number {
  mkdirSync(dirname(opts.logFile), { recursive: true });
  const fd = openSync(opts.logFile, "a");
  const child = spawn(cmd[0]!, cmd.slice(1), {
    detached: true,
    stdio: ["ignore", fd, fd],
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
  });
  closeSync(fd);
  if (child.pid === undefined) throw new Error(`failed to start ${cmd[0]}`);
  child.unref();
  writeFileSync(opts.pidFile, `${child.pid}\n`);
  return child.pid;
}

/** SIGTERM, wait up to `graceMs`, then SIGKILL; removes the pid file. Resolves true if it was running. */
export async function stopPid(pidFile: string, marker: string, graceMs = 30_000): Promise<boolean> {
  const pid = runningPid(pidFile, marker);
  if (pid === null) {
    rmSync(pidFile, { force: true });
    return false;
  }
  signalGroup(pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await Bun.sleep(200);
  if (isAlive(pid)) {
    signalGroup(pid, "SIGKILL");
    while (isAlive(pid)) await Bun.sleep(100);
  }
  rmSync(pidFile, { force: true });
  return true;
}

/** Servers are started detached as process-group leaders: signal the group so helpers they forked go too. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    process.kill(pid, signal);
  }
}
