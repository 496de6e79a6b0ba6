/**
 * What `bench:produce` runs besides the producer: wrk (Debian's, installed with apt-get when missing)
 * and Kafka's own ProducerPerformance from the stack's jars (.stack/kafka/classpath.txt).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { componentDir } from "../infra/local/src/paths.ts";
import { javaBin } from "../infra/local/src/preflight.ts";
import { parseWrk, type WrkRun } from "./process-http-wrk.ts";

/** One run of ProducerPerformance, from its summary line. */
export interface PerfRun {
  records: number;
  recordsPerSec: number;
  avgMs: number;
  p50Ms: number;
  p99Ms: number;
}

/** Parses ProducerPerformance's last line: "N records sent, R records/sec (M MB/sec), A ms avg latency, X ms max latency, p50 ms 50th, ... p99 ms 99th, ...". */
export function parsePerf(out: string): PerfRun {
  const m = /(\d+) records sent, ([\d.]+) records\/sec \([\d.]+ MB\/sec\), ([\d.]+) ms avg latency, [\d.]+ ms max latency, (\d+) ms 50th, \d+ ms 95th, (\d+) ms 99th/.exec(out);
  if (!m) throw new Error(`unreadable ProducerPerformance output:\n${out}`);
  return { records: Number(m[1]), recordsPerSec: Number(m[2]), avgMs: Number(m[3]), p50Ms: Number(m[4]), p99Ms: Number(m[5]) };
}

/** Kafka's ProducerPerformance: `records` of `size` bytes as fast as it can, acks=all, one JVM. */
export async function producerPerformance(brokers: string, topic: string, records: number, size: number): Promise<PerfRun> {
  const classpath = readFileSync(join(componentDir("kafka"), "classpath.txt"), "utf8").trim();
  const out = await $([
    javaBin(),
    "-Xmx512m",
    "-cp",
    classpath,
    "org.apache.kafka.tools.ProducerPerformance",
    "--topic",
    topic,
    "--num-records",
    String(records),
    "--record-size",
    String(size),
    "--throughput",
    "-1",
    "--producer-props",
    `bootstrap.servers=${brokers}`,
    "acks=all",
  ]);
  return parsePerf(out);
}

/**
 * One wrk run (1 thread) with a Lua script, plus the server process's CPU time over it. Any failed or
 * non-2xx answer fails the benchmark — except a run whose only errors are time-outs, which is run again
 * (at most twice) with a note: on these shared VMs the whole machine is sometimes paused for seconds
 * (the kernel logs "crng reseeded due to virtual machine fork"), and every connection then times out
 * at once while the server is fine; such a run measures the host, not the server.
 */
export async function wrk(pid: number, url: string, script: string, connections: number, seconds: number): Promise<WrkRun> {
  for (let attempt = 1; ; attempt++) {
    const cpu0 = cpuTicks(pid);
    const out = await $(["wrk", "-t1", `-c${connections}`, `-d${seconds}s`, "--latency", "-s", script, url]);
    const run = parseWrk(out, cpuTicks(pid) - cpu0);
    if (run.errors === 0) return run;
    if (run.errors === run.timeouts && attempt < 3) {
      console.error(`wrk: ${run.timeouts} requests to ${url} timed out and the ${seconds} s run took ${run.seconds.toFixed(1)} s (the host paused?): running it again`);
      continue;
    }
    throw new Error(`wrk saw ${run.errors} failed or non-2xx responses from ${url}:\n${out}`);
  }
}

/** A wrk Lua script that POSTs `body` as JSON. */
export function postScript(body: string): string {
  return `wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = ${JSON.stringify(body)}\n`;
}

/** Like postScript, with a fresh `Idempotency-Key` on every request (`<prefix>-<n>`), as a retrying client sends. */
export function postScriptWithKeys(body: string, prefix: string): string {
  // wrk.format's headers replace wrk.headers, so Content-Type goes into the per-request table too.
  return (
    `wrk.method = "POST"\nwrk.body = ${JSON.stringify(body)}\nlocal n = 0\n` +
    `request = function()\n  n = n + 1\n  return wrk.format(nil, nil, { ["Content-Type"] = "application/json", ["Idempotency-Key"] = "${prefix}-" .. n }, nil)\nend\n`
  );
}

/** utime + stime of a process in clock ticks (1/100 s on Linux). */
export function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return Number(fields[11]) + Number(fields[12]);
}

export function loadAverage(): string {
  return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

export async function $(cmd: string[]): Promise<string> {
  const p = Bun.spawn(cmd, { stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  if (code !== 0) throw new Error(`${cmd.join(" ")} exited ${code}: ${err || out}`);
  return out;
}

/** Installs Debian's wrk when it is not on PATH. */
export async function ensureWrk(): Promise<void> {
  if (Bun.which("wrk")) return;
  console.error("wrk is missing: installing Debian's wrk with apt-get (needs root)");
  await $(["apt-get", "install", "-y", "wrk"]).catch(async () => {
    await $(["apt-get", "update"]);
    await $(["apt-get", "install", "-y", "wrk"]);
  });
}
