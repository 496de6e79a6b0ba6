import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { COMPONENTS, type Component } from "./components.ts";
import { StackError } from "./errors.ts";
import { STACK_DIR } from "./paths.ts";
import { checkPorts, portIsFree } from "./preflight.ts";
import { isAlive, runningPid, startDetached, stopPid } from "./processes.ts";
import { waitUntil } from "./readiness.ts";

/** The component called `name`, or a StackError naming the valid ones. */
export function findServer(name: string | undefined, components: readonly Component[] = COMPONENTS): Component {
  const c = components.find((x) => x.name === name);
  const names = components.map((x) => x.name).join(", ");
  if (!c) throw new StackError(name ? `unknown server "${name}" (one of: ${names})` : `which server? (one of: ${names})`);
  return c;
}

/** Where one server's pid file and output live under a stack folder (the layout `up` uses). */
function files(c: Component, stackDir: string) {
  const dir = join(stackDir, c.name);
  return { dir, pid: join(dir, `${c.name}.pid`), out: join(dir, "logs", "stdout.log") };
}

/**
 * Stops one server this launcher started (SIGTERM, then SIGKILL after `graceMs`) and waits until
 * its ports are released. Its data stays. Resolves false when it was not running.
 */
export async function stopServer(c: Component, stackDir = STACK_DIR, graceMs = 30_000): Promise<boolean> {
  const wasRunning = await stopPid(files(c, stackDir).pid, stackDir, graceMs);
  for (const port of c.ports) {
    // A just-exited JVM's sockets can take a moment to be released.
    const free = await waitUntil(() => portIsFree(port), { timeoutMs: 5000, stillRunning: () => true, intervalMs: 100 });
    if (free !== "ready") throw new StackError(`${c.name}: port ${port} is still bound after the stop (ss -ltnp 'sport = :${port}')`);
  }
  return wasRunning;
}

/**
 * Starts one server on its existing data and resolves once it answers its probe — the same
 * preparation and port checks as `up` (schema and topics are not re-applied: they are in the data).
 * "already" when it was running (and answers).
 */
export async function startServer(c: Component, stackDir = STACK_DIR): Promise<"started" | "already"> {
  const f = files(c, stackDir);
  const running = runningPid(f.pid, stackDir);
  if (running === null) await checkPorts(c.ports, c.name);
  const pid = running ?? startDetached(await c.prepare(), { pidFile: f.pid, logFile: f.out, cwd: (mkdirSync(f.dir, { recursive: true }), f.dir) });
  const t0 = Date.now();
  const result = await waitUntil(() => c.probe(), { timeoutMs: c.readyTimeoutMs, stillRunning: () => isAlive(pid) });
  if (result === "exited") throw new StackError(`${c.name} exited during start-up`, f.out);
  if (result === "timeout") throw new StackError(`${c.name} did not answer on ${c.address} within ${c.readyTimeoutMs / 1000}s`, f.out);
  console.error(`stack: ${c.name} ready (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
  return running === null ? "started" : "already";
}
