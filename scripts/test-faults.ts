#!/usr/bin/env bun
/**
 * `bun run test:faults`: the fault suite (test/faults/) on a private local stack — its own folder
 * (.stack/faults, downloads shared with .stack) and ports (+10000: Kafka 19092, Cassandra 19042) —
 * because the suite stops and starts Kafka and Cassandra and must never do that to the stack others
 * use. Builds the kernel, brings that stack up, runs the suite, stops the stack again
 * (FAULTS_KEEP_STACK=1 keeps it). Sizes: FAULTS_EVENTS (default 1,000,000), FAULTS_KILLS (20),
 * FAULTS_PRODUCER_KILLS (10), FAULTS_CASSANDRA_OUTAGE_S (30), FAULTS_SEED. Extra arguments are bun test's
 * (`-t "\(d\)"` runs one phase; the ground truth covers the phases that ran).
 */
import { existsSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { ROOT, build, run } from "./services.ts";

const stackDir = process.env.FAULTS_STACK_DIR ?? join(ROOT, ".stack", "faults");
const offset = Number(process.env.FAULTS_PORT_OFFSET ?? 10_000);
const stackEnv = { TALLY_STACK_DIR: stackDir, TALLY_STACK_PORT_OFFSET: String(offset) };

// Reuse the main stack's downloads (Maven jars, cqlsh) instead of fetching them a second time.
mkdirSync(stackDir, { recursive: true });
for (const shared of ["maven-repo", "cqlsh"]) {
  const from = join(ROOT, ".stack", shared);
  const to = join(stackDir, shared);
  if (existsSync(from) && !existsSync(to)) symlinkSync(from, to);
}

if ((await build()) !== 0) process.exit(1);
const stack = (cmd: string) => run(["bun", join(ROOT, "infra/local/src/main.ts"), cmd], stackEnv);
if ((await stack("up")) !== 0) {
  console.error(`test:faults: the private stack in ${stackDir} did not come up`);
  process.exit(1);
}
// Extra arguments go to bun test: `bun run test:faults -t "\(d\)|\(e\)"` runs those phases only.
const code = await run(["bun", "test", "--timeout", "1800000", "test/faults/", ...process.argv.slice(2)], {
  ...stackEnv,
  KAFKA_BROKERS: `127.0.0.1:${9092 + offset}`,
  CASSANDRA_CONTACT_POINTS: `127.0.0.1:${9042 + offset}`,
  PROMETHEUS_URL: `http://127.0.0.1:${9090 + offset}`,
  TALLY_TEST_RUN_ID: `faults${Date.now().toString(36)}`,
});
if (!process.env.FAULTS_KEEP_STACK) await stack("down");
console.log(code === 0 ? "test:faults: passed (report: test/artifacts/faults-report.md)" : `test:faults: FAILED (exit ${code}; report: test/artifacts/faults-report.md)`);
process.exit(code);
