#!/usr/bin/env bun
/**
 * `bun run start`: brings the local stack up if it is not, builds the kernel (and the CLI bundle), then runs the three
 * services in this terminal with prefixed logs, consuming from boot, and restarts one that dies
 * (with backoff) while the others keep running. Ctrl-C or SIGTERM stops the services cleanly (the
 * stack keeps running; `bun run stack down` stops it).
 */
import { spawn } from "node:child_process";
import type { Readable } from "node:stream";
import { stackAnswers } from "../infra/local/src/readiness.ts";
import { ROOT, SERVICES, SERVICE_RUNTIME_ENV, build, run } from "./services.ts";

const COLORS = ["\x1b[36m", "\x1b[35m", "\x1b[33m"];
const RESET = "\x1b[0m";

async function pipePrefixed(stream: Readable, prefix: string, out: NodeJS.WriteStream): Promise<void> {
  const decoder = new TextDecoder();
  let buf = "";
  for await (const chunk of stream) {
    buf += decoder.decode(chunk as Uint8Array, { stream: true });
    let nl: number;
    while ((nl = buf.indexOf("\n")) >= 0) {
      out.write(`${prefix} ${buf.slice(0, nl)}\n`);
      buf = buf.slice(nl + 1);
    }
  }
  if (buf) out.write(`${prefix} ${buf}\n`);
}

if ((await run(["bun", "install"])) !== 0) process.exit(1);
if (await stackAnswers()) {
  console.log("tally: Kafka, Cassandra and Prometheus already answer; using them");
  // Still apply this checkout's schema and topics: a stack started by an older one lacks new tables.
  if ((await run(["bun", "infra/local/src/main.ts", "bootstrap"])) !== 0) process.exit(1);
} else if ((await run(["bun", "infra/local/src/main.ts", "up"])) !== 0) process.exit(1);
if ((await build()) !== 0) process.exit(1);

const tty = process.stdout.isTTY;
type Service = (typeof SERVICES)[number];
interface Child {
  service: Service;
  proc: ReturnType<typeof spawn>;
  exited: Promise<number>;
}

/** Starts one service in its own process group, its output prefixed with its name. */
function launch(s: Service, i: number): Child {
  // Each service gets its own process group, so a terminal's Ctrl-C reaches only this script, which then
  // sends each service exactly one SIGTERM (a second signal would make a service skip its graceful stop).
  const proc = spawn("bun", [s.entry], { cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"], env: { CONSUME_ON_START: "true", ...SERVICE_RUNTIME_ENV, ...process.env, PORT: process.env[`${s.name.toUpperCase()}_PORT`] ?? String(s.port) } });
  const exited = new Promise<number>((resolve) => proc.once("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1))));
  const prefix = tty ? `${COLORS[i]}${s.name.padEnd(8)}|${RESET}` : `${s.name.padEnd(8)}|`;
  void pipePrefixed(proc.stdout!, prefix, process.stdout);
  void pipePrefixed(proc.stderr!, prefix, process.stderr);
  return { service: s, proc, exited };
}

const children: Child[] = SERVICES.map((s, i) => launch(s, i));
console.log(`tally: producer http://127.0.0.1:8000/docs · consumer http://127.0.0.1:8081/docs · cashback http://127.0.0.1:8082/docs · prometheus http://127.0.0.1:9090`);

let stopping = false;
async function stop(signal: string, code = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`tally: ${signal}: stopping services`);
  for (const c of children) c.proc.kill("SIGTERM");
  const timer = setTimeout(() => children.forEach((c) => c.proc.kill("SIGKILL")), 15_000);
  await Promise.all(children.map((c) => c.exited));
  clearTimeout(timer);
  process.exit(code);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));

/**
 * Supervision: a service that dies on its own is started again after a backoff (1 s doubling to 30 s,
 * back to 1 s once it ran a minute), while the others keep running; a service that exits 2 (bad
 * configuration) would only fail again, so it is not restarted and everything stops.
 */
await Promise.all(
  children.map(async (child, i) => {
    let delayMs = 1000;
    for (;;) {
      const startedAt = Date.now();
      const code = await children[i]!.exited;
      if (stopping) return;
      if (code === 2) {
        console.error(`tally: ${child.service.name} exited with code 2 (configuration); stopping the others`);
        return stop("service configuration", 1);
      }
      if (Date.now() - startedAt > 60_000) delayMs = 1000;
      console.error(`tally: ${child.service.name} exited with code ${code}; restarting it in ${(delayMs / 1000).toFixed(0)} s`);
      await Bun.sleep(delayMs);
      if (stopping) return;
      delayMs = Math.min(delayMs * 2, 30_000);
      children[i] = launch(child.service, i);
    }
  }),
);
