#!/usr/bin/env bun
/**
 * `bun run start`: brings the local stack up if it is not, builds the kernel, then runs the three
 * services in this terminal with prefixed logs. Ctrl-C or SIGTERM stops the services cleanly
 * (the stack keeps running; `bun run stack down` stops it).
 */
import { ROOT, SERVICES, buildKernel, run } from "./services.ts";

const COLORS = ["\x1b[36m", "\x1b[35m", "\x1b[33m"];
const RESET = "\x1b[0m";

async function pipePrefixed(stream: ReadableStream<Uint8Array>, prefix: string, out: NodeJS.WriteStream): Promise<void> {
  const decoder = new TextDecoder();
  let buf = "";
  for await (const chunk of stream) {
    buf += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buf.indexOf("\n")) >= 0) {
      out.write(`${prefix} ${buf.slice(0, nl)}\n`);
      buf = buf.slice(nl + 1);
    }
  }
  if (buf) out.write(`${prefix} ${buf}\n`);
}

if ((await run(["bun", "install"])) !== 0) process.exit(1);
if ((await run(["bun", "infra/local/src/main.ts", "up"])) !== 0) process.exit(1);
if ((await buildKernel()) !== 0) process.exit(1);

const tty = process.stdout.isTTY;
const children = SERVICES.map((s, i) => {
  const proc = Bun.spawn(["bun", s.entry], { cwd: ROOT, stdout: "pipe", stderr: "pipe", stdin: "ignore", env: { ...process.env, PORT: process.env[`${s.name.toUpperCase()}_PORT`] ?? String(s.port) } });
  const prefix = tty ? `${COLORS[i]}${s.name.padEnd(8)}|${RESET}` : `${s.name.padEnd(8)}|`;
  void pipePrefixed(proc.stdout, prefix, process.stdout);
  void pipePrefixed(proc.stderr, prefix, process.stderr);
  return { ...s, proc };
});
console.log(`tally: producer http://127.0.0.1:8000/docs · consumer http://127.0.0.1:8081/docs · cashback http://127.0.0.1:8082/docs · prometheus http://127.0.0.1:9090`);

let stopping = false;
async function stop(signal: string, code = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`tally: ${signal}: stopping services`);
  for (const c of children) c.proc.kill("SIGTERM");
  const timer = setTimeout(() => children.forEach((c) => c.proc.kill("SIGKILL")), 15_000);
  await Promise.all(children.map((c) => c.proc.exited));
  clearTimeout(timer);
  process.exit(code);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));

// If a service dies on its own, say so and stop the others: a half-running system misleads.
const first = await Promise.race(children.map(async (c) => ({ c, code: await c.proc.exited })));
if (!stopping) {
  console.error(`tally: ${first.c.name} exited with code ${first.code}; stopping the others`);
  await stop("service exit", 1);
}
