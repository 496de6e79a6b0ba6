import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dir, "..");

/** The three services `bun run start` runs, with their default ports. */
export const SERVICES = [
  { name: "producer", port: 8000, entry: join(ROOT, "services/producer/src/index.ts") },
  { name: "consumer", port: 8081, entry: join(ROOT, "services/consumer/src/index.ts") },
  { name: "cashback", port: 8082, entry: join(ROOT, "services/cashback/src/index.ts") },
] as const;

/**
 * The runtime settings every service process starts with (`bun run start`, the tests' and benchmarks'
 * service processes, and the compose image's ENV): read by Bun's allocator at exec, so they cannot be set
 * from inside. A variable already in the environment wins.
 *
 * MIMALLOC_PURGE_DELAY=-1: freed memory stays mapped for reuse instead of being handed back to the OS 10 ms
 * later. A consumer frees a fetch response (up to 32 MiB) and its batch's buffers every few milliseconds;
 * with the default it took ~300,000 page faults per million login events, a fifth of its CPU in the kernel,
 * and with this ~150,000 and 15 % less CPU (bench/RESULTS.md, "Login windows", session 8). The price: the
 * process keeps its peak (~790 MB against ~420 MB after that run).
 */
export const SERVICE_RUNTIME_ENV: Readonly<Record<string, string>> = { MIMALLOC_PURGE_DELAY: "-1" };

/** Runs a command with inherited output; resolves its exit code. */
export async function run(cmd: string[], env: Record<string, string | undefined> = {}): Promise<number> {
  const proc = Bun.spawn(cmd, { cwd: ROOT, stdout: "inherit", stderr: "inherit", stdin: "ignore", env: { ...process.env, ...env } });
  return proc.exited;
}

/** Builds the WASM kernel and the CLI's bundle (`bun run build`; both idempotent, neither committed). */
export async function build(): Promise<number> {
  return run(["bun", "run", "build"]);
}
