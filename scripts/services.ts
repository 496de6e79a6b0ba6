import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dir, "..");

/** The three services `bun run start` runs, with their default ports. */
export const SERVICES = [
  { name: "producer", port: 8000, entry: join(ROOT, "services/producer/src/index.ts") },
  { name: "consumer", port: 8081, entry: join(ROOT, "services/consumer/src/index.ts") },
  { name: "cashback", port: 8082, entry: join(ROOT, "services/cashback/src/index.ts") },
] as const;

/** Runs a command with inherited output; resolves its exit code. */
export async function run(cmd: string[], env: Record<string, string | undefined> = {}): Promise<number> {
  const proc = Bun.spawn(cmd, { cwd: ROOT, stdout: "inherit", stderr: "inherit", stdin: "ignore", env: { ...process.env, ...env } });
  return proc.exited;
}

/** Builds the WASM kernel (idempotent; the build output is not committed). */
export async function buildKernel(): Promise<number> {
  return run(["bun", "run", "--cwd", "packages/kernel-wasm", "build"]);
}
