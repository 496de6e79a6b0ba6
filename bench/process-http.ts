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
import type { WrkRun } from "./process-http-wrk.ts";
import { $, ensureWrk, loadAverage, median, postScript, wrk } from "./produce-tools.ts";

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
const threads = String(Math.max(1, navigator.hardwareConcurrency - 1));
// The consumer computes bodies of 8 kB and more on PROCESS_THREADS workers (default: cores − 1); the bare
// server is run both ways, so the framework's cost is judged like for like (same threads) in each round.
const servers: { name: string; svc: RunningService; path: string; vs?: number }[] = [
  { name: "bare Bun.serve, 1 thread", svc: await startService(join(ROOT, "bench/process-http-bare.ts"), { ...quiet, BARE_THREADS: "0" }, "/"), path: "/" },
  { name: `bare Bun.serve + ${threads} compute threads`, svc: await startService(join(ROOT, "bench/process-http-bare.ts"), { ...quiet, BARE_THREADS: threads }, "/"), path: "/" },
  { name: `consumer (service, PROCESS_THREADS=${threads})`, svc: await startService(join(ROOT, "services/consumer/src/index.ts"), { ...quiet, PROCESS_THREADS: threads }, "/metrics"), path: "/process", vs: 1 },
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
    if (new Set(answers).size !== 1) throw new Error(`the servers answer differently:\n${answers.join("\n")}`);
    const script = join(dir, `${payloads.indexOf(payload)}.lua`);
    writeFileSync(join(dir, "body.json"), payload.body);
    writeFileSync(script, postScript(payload.body));
    for (const s of servers) await wrk(s.svc.proc.pid, s.svc.url + s.path, script, CONNECTIONS, 2); // warm-up
    const runs = servers.map((): WrkRun[] => []);
    for (let round = 0; round < ROUNDS; round++) {
      // Each round starts with the next server, so no server always runs first or last.
      for (let k = 0; k < servers.length; k++) {
        const i = (round + k) % servers.length;
        runs[i]!.push(await wrk(servers[i]!.svc.proc.pid, servers[i]!.svc.url + servers[i]!.path, script, CONNECTIONS, SECONDS));
      }
    }
    servers.forEach((s, i) => {
      const r = runs[i]!;
      const rps = median(r.map((x) => x.rps));
      const p99 = median(r.map((x) => x.p99Ms));
      let vs = "";
      let met = "";
      if (s.vs !== undefined) {
        const ref = runs[s.vs]!;
        const ratio = median(r.map((h, j) => h.rps / ref[j]!.rps));
        const cpuRatio = median(ref.map((b, j) => b.cpuMicros / r[j]!.cpuMicros));
        const vsOne = median(r.map((h, j) => h.rps / runs[0]![j]!.rps));
        vs = `${ratio.toFixed(2)} (CPU ${cpuRatio.toFixed(2)}); ${vsOne.toFixed(2)} of 1 thread`;
        met = rps >= payload.target.rps && p99 <= payload.target.p99 && ratio >= 0.9 ? "met" : "not met";
      }
      lines.push(
        `| ${payload.name} (${payload.body.length} B) | ${s.name} | ${Math.round(rps).toLocaleString("en-US")} | ${median(r.map((x) => x.p50Ms)).toFixed(2)} | ${p99.toFixed(2)} | ${median(r.map((x) => x.cpuMicros)).toFixed(1)} | ${vs} | ${met} |`,
      );
    });
  }
  console.log(
    `\n${machine.date}: ${machine.cpu}, ${machine.cores} cores, Bun ${machine.bun}; wrk -t1 -c${CONNECTIONS} -d${SECONDS}s, ${ROUNDS} alternating rounds per server ` +
      `(medians); load average ${machine.loadBefore} before, ${loadAverage()} after.\n`,
  );
  console.log("| payload | server | req/s | p50 ms | p99 ms | server CPU µs/req | vs bare with as many threads (CPU); vs bare 1 thread | target |");
  console.log("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |");
  for (const line of lines) console.log(line);
} finally {
  for (const s of servers) s.svc.kill();
}

