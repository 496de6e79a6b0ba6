/**
 * The fault suite's servers: a private local stack (its own TALLY_STACK_DIR and port offset, set
 * by scripts/test-faults.ts), so stopping its Kafka or Cassandra never touches anyone else's.
 * Servers are stopped and started through `bun run stack stop|start <server>` itself.
 */
import { join } from "node:path";
import { ROOT } from "../integration/service-process.ts";

const STACK_CLI = join(ROOT, "infra/local/src/main.ts");

/** Fails unless this process points at a private stack (what scripts/test-faults.ts sets up). */
export function assertPrivateStack(env = process.env): void {
  const offset = Number(env.TALLY_STACK_PORT_OFFSET ?? "0");
  if (!env.TALLY_STACK_DIR || !(offset > 0) || !env.KAFKA_BROKERS || !env.CASSANDRA_CONTACT_POINTS) {
    throw new Error("the fault suite stops and starts Kafka and Cassandra: run it with `bun run test:faults`, which gives it a private stack (TALLY_STACK_DIR, TALLY_STACK_PORT_OFFSET, KAFKA_BROKERS, CASSANDRA_CONTACT_POINTS)");
  }
}

/** `bun run stack stop|start <server>` against the private stack; resolves when it exited 0, with its duration. */
export async function stackCtl(cmd: "stop" | "start", server: "kafka" | "cassandra" | "prometheus"): Promise<number> {
  const t0 = Date.now();
  const proc = Bun.spawn(["bun", STACK_CLI, cmd, server], { cwd: ROOT, env: process.env, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  if (code !== 0) throw new Error(`stack ${cmd} ${server} exited ${code}: ${out}${err}`);
  return Date.now() - t0;
}
