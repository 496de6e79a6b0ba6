import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { Client } from "cassandra-driver";
import { Kafka, logLevel, type Admin } from "kafkajs";
import { COMPONENTS, type Component, logFile, pidFile } from "./components.ts";
import { StackError } from "./errors.ts";
import { STACK_DIR, componentDir, port } from "./paths.ts";
import { checkDisk, checkJava, checkPorts, portIsFree } from "./preflight.ts";
import { isAlive, runningPid, startDetached, stopPid } from "./processes.ts";
import { ensureCqlsh } from "./provision.ts";
import { waitUntil } from "./readiness.ts";
import { applySchema, loadTopics } from "./schema.ts";

export interface ComponentStatus {
  name: string;
  address: string;
  pid: number | null;
  state: "ready" | "running" | "stopped";
  check: string;
  log: string;
}

const marker = () => STACK_DIR;
const log = (msg: string) => console.error(`stack: ${msg}`);

/** Starts every server that is not already running, waits until each answers, applies schema and topics. */
export async function up(): Promise<ComponentStatus[]> {
  mkdirSync(STACK_DIR, { recursive: true });
  checkDisk(STACK_DIR);
  await checkJava();
  const toStart = COMPONENTS.filter((c) => runningPid(pidFile(c.name), marker()) === null);
  for (const c of toStart) await checkPorts(c.ports, c.name);
  // Provision one at a time (mvn and apt share caches and locks), then start everything together.
  const commands = new Map<Component, string[]>();
  for (const c of toStart) {
    log(`preparing ${c.name}`);
    commands.set(c, await c.prepare());
  }
  const started = new Map<string, number>();
  for (const [c, cmd] of commands) {
    mkdirSync(join(componentDir(c.name), "logs"), { recursive: true });
    started.set(c.name, startDetached(cmd, { pidFile: pidFile(c.name), logFile: join(componentDir(c.name), "logs", "stdout.log"), cwd: componentDir(c.name) }));
    log(`started ${c.name}`);
  }
  const cqlsh = ensureCqlsh(join(STACK_DIR, "logs"));
  await Promise.all(COMPONENTS.map((c) => awaitReady(c, started.get(c.name))));
  await Promise.all([bootstrap(), cqlsh]);
  return status();
}

/**
 * Applies the schema (CREATE … IF NOT EXISTS) and creates missing topics on servers that already
 * answer — ours, or a compose stack on the same ports — so a newer checkout's tables exist before
 * its services start.
 */
export async function bootstrap(): Promise<void> {
  const one = (what: string, address: string, step: () => Promise<void>) =>
    step().catch((error: unknown) => {
      throw new StackError(`cannot apply the ${what}: nothing answers on ${address} (bun run stack up starts the stack)`, undefined, { cause: error });
    });
  await Promise.all([one("schema", `127.0.0.1:${port(9042)}`, bootstrapCassandra), one("topics", `127.0.0.1:${port(9092)}`, bootstrapKafka)]);
}

async function awaitReady(c: Component, justStarted?: number): Promise<void> {
  const t0 = Date.now();
  // A process we just spawned is ours by pid alone: right after fork its command line may still be
  // ours (not yet exec'd), so the marker check used for pid files from earlier runs would misfire.
  const stillRunning = justStarted === undefined ? () => runningPid(pidFile(c.name), marker()) !== null : () => isAlive(justStarted);
  const result = await waitUntil(() => c.probe(), { timeoutMs: c.readyTimeoutMs, stillRunning });
  if (result === "exited") throw new StackError(`${c.name} exited during start-up`, logFile(c.name));
  if (result === "timeout") throw new StackError(`${c.name} did not answer on ${c.address} within ${c.readyTimeoutMs / 1000}s`, logFile(c.name));
  log(`${c.name} ready (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
}

async function bootstrapCassandra(): Promise<void> {
  const client = new Client({ contactPoints: [`127.0.0.1:${port(9042)}`], localDataCenter: "datacenter1" });
  try {
    await client.connect();
    const n = await applySchema(client);
    log(`schema applied (${n} statements, keyspace tally)`);
  } finally {
    await client.shutdown();
  }
}

async function bootstrapKafka(): Promise<void> {
  const admin = new Kafka({ brokers: [`127.0.0.1:${port(9092)}`], clientId: "tally-stack", logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = loadTopics().filter((t) => !existing.has(t.topic));
    if (missing.length) await admin.createTopics({ topics: missing.map((t) => ({ ...t, replicationFactor: 1 })), waitForLeaders: true });
    log(`topics ready (${missing.length} created)`);
    const t0 = Date.now();
    await awaitGroupCoordinator(admin, loadTopics()[0]!.topic);
    log(`group coordinator ready (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Waits until consumer groups work. A fresh broker creates and loads __consumer_offsets on the first
 * group request and answers NOT_COORDINATOR_FOR_GROUP or GROUP_LOAD_IN_PROGRESS (retriable) meanwhile:
 * a test or service that started then saw those errors (a CI run failed on them once).
 */
async function awaitGroupCoordinator(admin: Admin, topic: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await admin.fetchOffsets({ groupId: "tally-stack-ready", topics: [topic] });
      return;
    } catch (error) {
      if ((error as { retriable?: unknown }).retriable !== true || Date.now() > deadline) throw error;
      await Bun.sleep(250);
    }
  }
}

/** Stops exactly the processes this launcher started (by pid file), then checks their ports are released. */
export async function down(): Promise<void> {
  for (const c of [...COMPONENTS].reverse()) {
    if (await stopPid(pidFile(c.name), marker())) log(`stopped ${c.name}`);
  }
  // A just-exited JVM's sockets can take a moment to be released: look again for up to 5 s before warning.
  for (const c of COMPONENTS) {
    for (const port of c.ports) {
      const free = await waitUntil(() => portIsFree(port), { timeoutMs: 5000, stillRunning: () => true, intervalMs: 250 });
      if (free !== "ready") log(`warning: port ${port} (${c.name}) is still bound by another process`);
    }
  }
}

/** Stops everything and deletes all data, keeping downloads (maven-repo, classpaths, cqlsh). */
export async function reset(): Promise<void> {
  await down();
  for (const c of COMPONENTS) {
    for (const sub of ["data", "logs", "conf"]) rmSync(join(componentDir(c.name), sub), { recursive: true, force: true });
  }
  log("data deleted (downloads kept)");
}

/** Current state of each server: running per pid file, ready when it answers its probe. */
export async function status(): Promise<ComponentStatus[]> {
  return Promise.all(
    COMPONENTS.map(async (c) => {
      const pid = runningPid(pidFile(c.name), marker());
      const state = pid === null ? "stopped" : (await c.probe()) ? "ready" : "running";
      return { name: c.name, address: c.address, pid, state, check: c.check, log: logFile(c.name) } as ComponentStatus;
    }),
  );
}

/** The log file of one server, for `stack logs <name>`. */
export function logPath(name: string): string {
  const c = COMPONENTS.find((x) => x.name === name);
  if (!c) throw new StackError(`unknown server "${name}" (one of: ${COMPONENTS.map((x) => x.name).join(", ")})`);
  const f = logFile(name);
  if (!existsSync(f)) throw new StackError(`no log yet for ${name} (${f})`);
  return f;
}

