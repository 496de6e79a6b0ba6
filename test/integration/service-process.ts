/**
 * Real service processes for integration tests: spawned with `bun <entry>` on a free port and
 * awaited until they answer. Shared by the services-* and billing-* tests.
 */
import { resolve } from "node:path";
import { SERVICE_RUNTIME_ENV } from "../../scripts/services.ts";

export const ROOT = resolve(import.meta.dir, "../..");

/** A spawned service: its port and URL, its output (for failure messages) and how to kill it. */
export interface RunningService {
  proc: Bun.Subprocess<"ignore", "pipe", "pipe">;
  port: number;
  url: string;
  output: () => string;
  kill: () => void;
}

/** A port nothing listens on right now (the OS picks it; we release it for the caller). */
export async function freePort(): Promise<number> {
  const probe = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
  const port = probe.port;
  await probe.stop(true);
  if (port === undefined) throw new Error("no free port");
  return port;
}

/**
 * Spawns `bun <entry>` with PORT set and waits for `readyPath` (default GET /healthz) to answer 200.
 * A service started against a dependency that is down is ready on `/metrics` instead.
 */
export async function startService(entry: string, env: Record<string, string>, readyPath = "/healthz"): Promise<RunningService> {
  const port = await freePort();
  const proc = Bun.spawn(["bun", entry], { cwd: ROOT, env: { ...SERVICE_RUNTIME_ENV, ...process.env, ...env, PORT: String(port) }, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  let out = "";
  const drain = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) out += decoder.decode(chunk, { stream: true });
  };
  void drain(proc.stdout);
  void drain(proc.stderr);
  const url = `http://127.0.0.1:${port}`;
  const svc: RunningService = { proc, port, url, output: () => out, kill: () => proc.kill("SIGKILL") };
  let last = "not answering";
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await Bun.sleep(200)) {
    if (proc.exitCode !== null) break;
    try {
      const res = await fetch(url + readyPath, { signal: AbortSignal.timeout(5000) });
      last = `${res.status} ${await res.text()}`;
      if (res.status === 200) return svc;
    } catch (err) {
      last = String(err);
    }
  }
  svc.kill();
  throw new Error(`${entry} did not become healthy (last: ${last}; exit: ${proc.exitCode})\n${out}`);
}
