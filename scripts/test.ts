#!/usr/bin/env bun
/**
 * `bun run test`: does its own set-up (install, kernel and CLI bundle build, local stack up), then runs the
 * typecheck, the unit tests and the integration tests against the real stack, and ends with
 * `N passed, N failed`. Integration tests use a per-run suffix for topics and keyspaces.
 * A stack this script started is stopped again at the end (TALLY_KEEP_STACK=1 keeps it).
 */
import { ensureDebianPackages } from "../infra/local/src/provision.ts";
import { stackAnswers } from "../infra/local/src/readiness.ts";
import { ROOT, build, run } from "./services.ts";
import { type TestCounts, parseBunTestCounts } from "./test-summary.ts";

const total: TestCounts = { passed: 0, failed: 0 };
const runId = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

/** Runs a bun test invocation, echoing its output, and adds its counts. */
async function bunTest(label: string, args: string[]): Promise<void> {
  console.log(`\n=== ${label} ===`);
  const proc = Bun.spawn(["bun", "test", ...args], { cwd: ROOT, stdout: "pipe", stderr: "pipe", env: { ...process.env, TALLY_TEST_RUN_ID: runId } });
  const decoder = new TextDecoder();
  let output = "";
  const pump = async (stream: ReadableStream<Uint8Array>, out: NodeJS.WriteStream) => {
    for await (const chunk of stream) {
      const text = decoder.decode(chunk, { stream: true });
      output += text;
      out.write(text);
    }
  };
  await Promise.all([pump(proc.stdout, process.stdout), pump(proc.stderr, process.stderr), proc.exited]);
  const counts = parseBunTestCounts(output);
  total.passed += counts.passed;
  total.failed += counts.failed;
}

/** A set-up step that must succeed; on failure the run ends with a failed count. */
async function step(label: string, cmd: string[]): Promise<boolean> {
  console.log(`\n=== ${label} ===`);
  const code = await run(cmd);
  if (code !== 0) console.error(`${label} failed (exit ${code})`);
  return code === 0;
}

function finish(): never {
  console.log(`\n${total.passed} passed, ${total.failed} failed`);
  process.exit(total.failed === 0 && total.passed > 0 ? 0 : 1);
}

if (!(await step("install", ["bun", "install"]))) { total.failed++; finish(); }
if ((await build()) !== 0) { console.error("build failed (kernel or CLI bundle)"); total.failed++; finish(); }

console.log("\n=== typecheck ===");
if ((await run(["bun", "x", "tsc", "-p", "tsconfig.json", "--noEmit"])) === 0) { console.log("typecheck: passed"); total.passed++; } else { console.log("typecheck: failed"); total.failed++; }

await bunTest("unit tests", ["--timeout", "60000", "packages/", "services/", "infra/", "scripts/", "bench/"]);

// Other runtimes: the kernel's conformance cases, and a file split for threads (Deno: Workers; Node: one thread).
for (const [title, cwd] of [
  ["kernel conformance under Node and Deno", "packages/kernel-wasm"],
  ["a file split into parts under Deno and Node", "packages/pipeline"],
] as const) {
  console.log(`\n=== ${title} ===`);
  const runtimes = Bun.spawnSync(["bun", "run", "--cwd", cwd, "test:runtimes"], { cwd: ROOT, stdout: "pipe", stderr: "pipe" });
  const runtimesOut = runtimes.stdout.toString() + runtimes.stderr.toString();
  process.stdout.write(runtimesOut);
  const perRuntime = [...runtimesOut.matchAll(/^(?:node|deno) [^:]*: (\d+) passed, (\d+) failed$/gm)];
  if (runtimes.exitCode !== 0 || perRuntime.length !== 2) total.failed++;
  for (const m of perRuntime) {
    total.passed += Number(m[1]);
    total.failed += Number(m[2]);
  }
}

// Servers that already answer (this checkout's stack, or one started from another checkout) are used
// as they are; otherwise this run brings the stack up and takes it down again at the end.
const answering = await stackAnswers();
const startedStack = !answering;
if (answering) console.log("\n=== stack: Kafka, Cassandra and Prometheus already answer; using them ===");
if (!answering && !(await step("stack up", ["bun", "infra/local/src/main.ts", "up"]))) {
  total.failed++;
} else {
  // The dashboard test drives a real headless browser: Debian's Chromium, installed here if missing.
  console.log("\n=== browser for the dashboard test (Debian chromium) ===");
  try {
    await ensureDebianPackages({ chromium: "chromium" }, `${ROOT}/.stack/logs`);
  } catch (error) {
    console.error(`chromium install failed: ${error instanceof Error ? error.message : String(error)}`);
    total.failed++;
  }
  await bunTest("integration tests (real Kafka, Cassandra, Prometheus)", ["--timeout", "180000", "test/integration/"]);
}
if (startedStack && process.env.TALLY_KEEP_STACK !== "1") await step("stack down", ["bun", "infra/local/src/main.ts", "down"]);
finish();
