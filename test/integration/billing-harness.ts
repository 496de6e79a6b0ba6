/**
 * Shared by the billing-*.test.ts integration tests: real producer and consumer processes on free
 * ports against the local stack, per-run topics and keyspace, and small polling helpers.
 */
import { expect } from "bun:test";
import { join, resolve } from "node:path";
import type { Client } from "cassandra-driver";
import type { Admin, Kafka } from "kafkajs";
import { applySchema } from "../../infra/local/src/schema.ts";
import { createCassandra } from "../../packages/http-kit/src/deps/cassandra.ts";
import { createKafka } from "../../packages/http-kit/src/deps/kafka.ts";
import { createLogger } from "../../packages/http-kit/src/logger.ts";
import { RUN_ID, servers, type Servers } from "./fixture.ts";

export const ROOT = resolve(import.meta.dir, "../..");
export const PRODUCER_ENTRY = join(ROOT, "services/producer/src/index.ts");
export const CONSUMER_ENTRY = join(ROOT, "services/consumer/src/index.ts");
const quiet = createLogger("billing-test", "error");

/** A spawned service: its URL, its output (for failure messages) and how it ended. */
export interface RunningService {
  proc: Bun.Subprocess<"ignore", "pipe", "pipe">;
  url: string;
  output: () => string;
  kill: () => void;
}

async function freePort(): Promise<number> {
  const probe = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
  const port = probe.port;
  await probe.stop(true);
  if (port === undefined) throw new Error("no free port");
  return port;
}

/**
 * Spawns `bun <entry>` and waits for `readyPath` (default GET /healthz) to answer 200. A service
 * started against a dependency that is down is ready on `/metrics` instead.
 */
export async function startService(entry: string, env: Record<string, string>, readyPath = "/healthz"): Promise<RunningService> {
  const port = await freePort();
  const proc = Bun.spawn(["bun", entry], { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port) }, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  let out = "";
  const drain = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) out += decoder.decode(chunk, { stream: true });
  };
  void drain(proc.stdout);
  void drain(proc.stderr);
  const url = `http://127.0.0.1:${port}`;
  const svc: RunningService = { proc, url, output: () => out, kill: () => proc.kill("SIGKILL") };
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

/** Topics and keyspace one test file owns, created in setUp and removed in tearDown. */
export class BillingStack {
  stack!: Servers;
  kafka!: Kafka;
  admin!: Admin;
  cql!: Client;

  constructor(readonly keyspace: string, readonly topics: { topic: string; partitions: number }[]) {}

  async setUp(): Promise<void> {
    this.stack = await servers();
    this.kafka = createKafka({ brokers: this.stack.kafkaBrokers, clientId: `billing-test-${RUN_ID}` }, quiet);
    this.admin = this.kafka.admin();
    await this.admin.connect();
    await this.admin.createTopics({ topics: this.topics.map((t) => ({ topic: t.topic, numPartitions: t.partitions, replicationFactor: 1 })), waitForLeaders: true });
    this.cql = createCassandra({ ...this.stack.cassandra });
    await applySchema(this.cql, this.keyspace);
  }

  async tearDown(): Promise<void> {
    try {
      await this.admin?.deleteTopics({ topics: this.topics.map((t) => t.topic) });
      await this.admin?.disconnect();
      await this.cql?.execute(`DROP KEYSPACE IF EXISTS ${this.keyspace}`);
      await this.cql?.shutdown();
    } catch {
      // Best effort: per-run names never collide with the next run.
    }
  }

  /** Environment pointing a service at the stack and this file's keyspace. */
  env(): Record<string, string> {
    return {
      KAFKA_BROKERS: this.stack.kafkaBrokers.join(","),
      CASSANDRA_CONTACT_POINTS: this.stack.cassandra.contactPoints.join(","),
      CASSANDRA_LOCAL_DC: this.stack.cassandra.localDataCenter,
      CASSANDRA_KEYSPACE: this.keyspace,
      LOG_LEVEL: "warn",
    };
  }

  /** Resolves once `group` committed past every acknowledged produce in `acks`. */
  async waitCommitted(group: string, acks: readonly ProduceAck[], timeoutMs = 30_000): Promise<void> {
    const need = new Map<string, bigint>();
    for (const a of acks) {
      const key = `${a.topic}/${a.partition}`;
      const next = BigInt(a.offset) + 1n;
      if ((need.get(key) ?? -1n) < next) need.set(key, next);
    }
    const topics = [...new Set(acks.map((a) => a.topic))];
    let missing: string[] = [];
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await Bun.sleep(200)) {
      const committed = await this.admin.fetchOffsets({ groupId: group, topics });
      missing = [...need].filter(([key, next]) => {
        const [topic, partition] = key.split("/");
        const p = committed.find((t) => t.topic === topic)?.partitions.find((x) => String(x.partition) === partition);
        return !p || BigInt(p.offset) < next;
      }).map(([key]) => key);
      if (missing.length === 0) return;
    }
    throw new Error(`group ${group} did not commit ${missing.join(", ")} within ${timeoutMs} ms`);
  }
}

/** The producer's 202 answer. */
export interface ProduceAck {
  topic: string;
  partition: number;
  offset: string;
}

/** POST /produce and expect 202. */
export async function produce(producerUrl: string, topic: string, message: string): Promise<ProduceAck> {
  const res = await fetch(producerUrl + "/produce", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ topic, message }) });
  const body = await res.text();
  expect(`${res.status} ${body}`).toStartWith("202");
  return JSON.parse(body) as ProduceAck;
}

/** GET JSON from a service. */
export async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
