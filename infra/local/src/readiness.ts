import { port } from "./paths.ts";
import { Client } from "cassandra-driver";
import { Kafka, logLevel } from "kafkajs";

/** One attempt to see Kafka answer a metadata request; resolves true when it did. */
export async function kafkaAnswers(broker: string): Promise<boolean> {
  const admin = new Kafka({ brokers: [broker], clientId: "tally-stack", logLevel: logLevel.NOTHING, retry: { retries: 0 }, connectionTimeout: 2000, requestTimeout: 5000 }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/** One attempt to run a CQL query against Cassandra; resolves true when it answered. */
export async function cassandraAnswers(contactPoint: string): Promise<boolean> {
  const client = new Client({ contactPoints: [contactPoint], localDataCenter: "datacenter1", socketOptions: { connectTimeout: 2000, readTimeout: 5000 } });
  try {
    await client.connect();
    const rs = await client.execute("SELECT release_version FROM system.local");
    return rs.rowLength === 1;
  } catch {
    return false;
  } finally {
    await client.shutdown().catch(() => {});
  }
}

/** One HTTP probe: true on a 2xx answer. */
export async function httpAnswers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Polls `probe` until it succeeds. Fails fast if `stillRunning` turns false (the server died),
 * and after `timeoutMs` — never a silent hang.
 */
export async function waitUntil(probe: () => Promise<boolean>, opts: { timeoutMs: number; stillRunning: () => boolean; intervalMs?: number }): Promise<"ready" | "exited" | "timeout"> {
  const deadline = Date.now() + opts.timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return "ready";
    if (!opts.stillRunning()) return "exited";
    await Bun.sleep(opts.intervalMs ?? 500);
  }
  return "timeout";
}

/**
 * True when Kafka, Cassandra and Prometheus all answer on the stack's addresses, whoever started
 * them (this checkout's `stack up`, or another checkout's): then there is nothing to bring up.
 */
export async function stackAnswers(): Promise<boolean> {
  const answers = await Promise.all([kafkaAnswers(`127.0.0.1:${port(9092)}`), cassandraAnswers(`127.0.0.1:${port(9042)}`), httpAnswers(`http://127.0.0.1:${port(9090)}/-/ready`)]);
  return answers.every(Boolean);
}
