import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Subprocess } from "bun";
import { ROOT, SERVICES } from "../../scripts/services.ts";
import { servers } from "./fixture.ts";

// Prometheus scrapes fixed ports (infra/prometheus/targets), so this runs the README's first command,
// `bun run start`, which serves the defaults; a user's own `bun run start` must not be running.
const JOBS = ["producer", "consumer", "cashback", "kafka", "node"];
let start: Subprocess;

async function healthy(port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
    if (ok) return true;
    await Bun.sleep(250);
  }
  return false;
}

beforeAll(async () => {
  for (const s of SERVICES) {
    if (await healthy(s.port, 300)) throw new Error(`port ${s.port} already serves ${s.name}: stop your own \`bun run start\` before the tests`);
  }
  start = Bun.spawn(["bun", "run", "start"], { cwd: ROOT, stdout: "ignore", stderr: "inherit" });
  const exited = start.exited.then((code) => new Error(`bun run start exited with code ${code} before the services were healthy`));
  for (const s of SERVICES) {
    const ok = await Promise.race([healthy(s.port, 60_000), exited]);
    if (ok instanceof Error) throw ok;
    expect(ok).toBe(true);
  }
}, 90_000);

afterAll(() => {
  if (start.exitCode === null) start.kill("SIGKILL");
});

test("Prometheus reports up == 1 for producer, consumer, cashback, kafka and node", async () => {
  const { prometheusUrl } = await servers();
  const query = encodeURIComponent(`up{job=~"${JOBS.join("|")}"}`);
  let up: Record<string, string> = {};
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const body = (await (await fetch(`${prometheusUrl}/api/v1/query?query=${query}`)).json()) as { data: { result: { metric: { job: string }; value: [number, string] }[] } };
    up = Object.fromEntries(body.data.result.map((r) => [r.metric.job, r.value[1]]));
    if (JOBS.every((j) => up[j] === "1")) break;
    await Bun.sleep(1000);
  }
  expect(up).toEqual(Object.fromEntries(JOBS.map((j) => [j, "1"])));
}, 90_000);

test("every service serves /docs, /openapi.json and prefixed metrics", async () => {
  for (const s of SERVICES) {
    const docs = await fetch(`http://127.0.0.1:${s.port}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain("swagger");
    const spec = (await (await fetch(`http://127.0.0.1:${s.port}/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(spec.openapi).toStartWith("3.");
    expect(Object.keys(spec.paths)).toContain("/healthz");
    const metrics = await (await fetch(`http://127.0.0.1:${s.port}/metrics`)).text();
    expect(metrics).toContain("process_resident_memory_bytes");
    expect(metrics).toContain("tally_http_request_duration_seconds");
  }
}, 30_000);

/** The pid listening on `port` (ss from iproute2). */
function listener(port: number): number | undefined {
  const out = Bun.spawnSync(["ss", "-ltnpH", `sport = :${port}`]).stdout.toString();
  const pid = /pid=(\d+)/.exec(out)?.[1];
  return pid === undefined ? undefined : Number(pid);
}

test("a service killed with SIGKILL is restarted by `bun run start` while the others keep serving", async () => {
  const consumer = SERVICES.find((s) => s.name === "consumer")!;
  const producer = SERVICES.find((s) => s.name === "producer")!;
  const pid = listener(consumer.port);
  expect(pid).toBeNumber();
  process.kill(pid!, "SIGKILL");
  const killedAt = Date.now();
  for (const deadline = killedAt + 5000; listener(consumer.port) === pid && Date.now() < deadline; ) await Bun.sleep(100);
  expect(await healthy(producer.port, 1000)).toBe(true); // the others were not stopped
  expect(await healthy(consumer.port, 30_000)).toBe(true); // a new consumer answers
  expect(listener(consumer.port)).not.toBe(pid);
  expect(start.exitCode).toBeNull();
}, 45_000);

test("SIGTERM to `bun run start` stops every service cleanly and frees their ports", async () => {
  start.kill("SIGTERM");
  expect(await start.exited).toBe(0);
  for (const s of SERVICES) expect(await healthy(s.port, 300)).toBe(false);
}, 30_000);
