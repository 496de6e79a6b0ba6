/**
 * `bun run bench:process-http`: POST /process under wrk (100 connections, 1 wrk thread) against the
 * real consumer service (POST /process is a hot route: Bun native routing + the same guard, metrics and
 * errors as its Hono app) and a bare Bun.serve doing the
 * same parse and aggregation (process-http-bare.ts), alternating in one run, for the original's
 * 3-record Locust payload and 100 generated records. Prints a markdown table: medians of the rounds,
 * the server's CPU time per request (from /proc, robust to other load on a shared host) and the
 * ratio to the bare server within each round. Installs Debian's wrk with apt-get when missing.
 *
 * Usage: bun run bench:process-http [-- --seconds 10 --rounds 3 --connections 100]
 */
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startService, ROOT, type RunningService } from "../test/integration/service-process.ts";
import { generatedPayload, LOCUST_PAYLOAD } from "./process-http-payloads.ts";
import { parseWrk, type WrkRun } from "./process-http-wrk.ts";
import { $, cpuTicks, ensureWrk, loadAverage, median } from "./produce-tools.ts";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg("seconds", 10);
const ROUNDS = arg("rounds", 3);
const CONNECTIONS = arg("connections", 100);

await ensureWrk();
const dir = mkdtempSync(join(tmpdir(), "tally-process-http-"));
const payloads = [
  { name: "3 records (Locust's payload)", body: LOCUST_PAYLOAD, target: { rps: 30_000, p99: 10 } },
  { name: "100 generated records", body: generatedPayload(100), target: { rps: 8_000, p99: 20 } },
];
const quiet = { LOG_LEVEL: "error" };
const servers: { name: string; svc: RunningService; path: string }[] = [
  { name: "bare Bun.serve", svc: await startService(join(ROOT, "bench/process-http-bare.ts"), quiet, "/"), path: "/" },
  { name: "consumer (service)", svc: await startService(join(ROOT, "services/consumer/src/index.ts"), quiet, "/metrics"), path: "/process" },
];

const machine = {
  date: new Date().toISOString().slice(0, 16) + "Z",
  cpu: (await $(["lscpu"])).match(/Model name:\s*(.+)/)?.[1]?.trim() ?? "unknown CPU",
  cores: navigator.hardwareConcurrency,
  bun: Bun.version,
  loadBefore: loadAverage(),
};

try {
  const lines: string[] = [];
  for (const payload of payloads) {
    const answers = await Promise.all(servers.map(async (s) => (await fetch(s.svc.url + s.path, { method: "POST", headers: { "content-type": "application/json" }, body: payload.body })).text()));
    if (answers[0] !== answers[1]) throw new Error(`the two servers answer differently:\n${answers.join("\n")}`);
    const script = join(dir, `${payloads.indexOf(payload)}.lua`);
    writeFileSync(join(dir, "body.json"), payload.body);
    writeFileSync(script, luaScript(payload.body));
    for (const s of servers) await wrk(s.svc, s.svc.url + s.path, script, 2); // warm-up
    const runs = new Map<string, WrkRun[]>(servers.map((s) => [s.name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? servers : [...servers].reverse();
      for (const s of order) runs.get(s.name)!.push(await wrk(s.svc, s.svc.url + s.path, script, SECONDS));
    }
    const bare = runs.get(servers[0]!.name)!;
    const hono = runs.get(servers[1]!.name)!;
    const ratio = median(hono.map((h, i) => h.rps / bare[i]!.rps));
    const cpuRatio = median(bare.map((b, i) => b.cpuMicros / hono[i]!.cpuMicros));
    for (const s of servers) {
      const r = runs.get(s.name)!;
      const rps = median(r.map((x) => x.rps));
      const p99 = median(r.map((x) => x.p99Ms));
      const vs = s === servers[1] ? `${ratio.toFixed(2)} (CPU ${cpuRatio.toFixed(2)})` : "1.00";
      const met = s === servers[1] ? (rps >= payload.target.rps && p99 <= payload.target.p99 && ratio >= 0.9 ? "met" : "not met") : "";
      lines.push(
        `| ${payload.name} (${payload.body.length} B) | ${s.name} | ${Math.round(rps).toLocaleString("en-US")} | ${median(r.map((x) => x.p50Ms)).toFixed(2)} | ${p99.toFixed(2)} | ${median(r.map((x) => x.cpuMicros)).toFixed(1)} | ${vs} | ${met} |`,
      );
    }
  }
  console.log(
    `\n${machine.date}: ${machine.cpu}, ${machine.cores} cores, Bun ${machine.bun}; wrk -t1 -c${CONNECTIONS} -d${SECONDS}s, ${ROUNDS} alternating rounds per server ` +
      `(medians); load average ${machine.loadBefore} before, ${loadAverage()} after.\n`,
  );
  console.log("| payload | server | req/s | p50 ms | p99 ms | server CPU µs/req | vs bare (CPU) | target |");
  console.log("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |");
  for (const line of lines) console.log(line);
} finally {
  for (const s of servers) s.svc.kill();
}

/** One wrk run against a server, with the server process's CPU time over it. */
async function wrk(svc: RunningService, url: string, script: string, seconds: number): Promise<WrkRun> {
  const cpu0 = cpuTicks(svc.proc.pid);
  const out = await $(["wrk", "-t1", `-c${CONNECTIONS}`, `-d${seconds}s`, "--latency", "-s", script, url]);
  const run = parseWrk(out, cpuTicks(svc.proc.pid) - cpu0);
  if (run.errors > 0) throw new Error(`wrk saw ${run.errors} failed or non-2xx responses from ${url}:\n${out}`);
  return run;
}

function luaScript(body: string): string {
  return `wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = ${JSON.stringify(body)}\n`;
}
