/**
 * `bun run bench:locust`: the original's Locust run (100 users, 10 users/s ramp-up, 1 minute, its
 * 3-record payload, headless) against POST /process of a consumer service started here, beside the
 * original's published figures. Locust comes from PyPI into a virtualenv under .stack/locust.
 * Locust itself is the bottleneck (one Python process); bench:process-http measures the service.
 *
 * Usage: bun run bench:locust [-- --url http://127.0.0.1:8081 --users 100 --spawn-rate 10 --time 1m]
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, startService, type RunningService } from "../../test/integration/service-process.ts";

const LOCUST_VERSION = "2.47.0";
const VENV = join(ROOT, ".stack/locust");
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};

await ensureLocust();
let service: RunningService | undefined;
const url = process.argv.includes("--url") ? arg("url", "") : (service = await startService(join(ROOT, "services/consumer/src/index.ts"), { LOG_LEVEL: "error" }, "/metrics")).url;
const out = mkdtempSync(join(tmpdir(), "tally-locust-"));
const load = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
const before = load();
try {
  const args = ["-f", join(import.meta.dir, "locustfile.py"), "--headless", "-u", arg("users", "100"), "-r", arg("spawn-rate", "10"), "-t", arg("time", "1m"), "--host", url, "--csv", join(out, "run"), "--only-summary"];
  const p = Bun.spawn([join(VENV, "bin/locust"), ...args], { stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  // Locust exits 1 when any request failed; the table says how many.
  if (code !== 0 && code !== 1) throw new Error(`locust exited ${code}:\n${stderr}\n${stdout}`);
  const stats = aggregated(readFileSync(join(out, "run_stats.csv"), "utf8"));
  const cpu = (await Bun.$`lscpu`.text()).match(/Model name:\s*(.+)/)?.[1]?.trim();
  console.log(`\n${new Date().toISOString().slice(0, 16)}Z, ${cpu}, ${navigator.hardwareConcurrency} cores, Locust ${LOCUST_VERSION} (${arg("users", "100")} users, ${arg("spawn-rate", "10")}/s ramp-up, ${arg("time", "1m")}, headless) against ${url}/process; load average ${before} before, ${load()} after.\n`);
  console.log("| | requests | failures | requests/s | mean ms | median ms | min ms | max ms |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  console.log("| original (Flask + Spark, its README) | 634 | 0 | 15.6 | 8091 | 7600 | 4912 | 16845 |");
  console.log(`| Tally consumer | ${stats.requests} | ${stats.failures} | ${stats.rps.toFixed(1)} | ${stats.mean.toFixed(1)} | ${stats.median} | ${stats.min.toFixed(1)} | ${stats.max.toFixed(1)} |`);
} finally {
  service?.kill();
}

/** The "Aggregated" row of Locust's run_stats.csv. */
function aggregated(csv: string) {
  const [header, ...rows] = csv.trim().split("\n").map((l) => l.split(","));
  const row = rows.find((r) => r[1] === "Aggregated");
  if (!header || !row) throw new Error(`no Aggregated row in Locust's stats:\n${csv}`);
  const col = (name: string) => Number(row[header.indexOf(name)]);
  return {
    requests: col("Request Count"),
    failures: col("Failure Count"),
    rps: col("Requests/s"),
    mean: col("Average Response Time"),
    median: col("Median Response Time"),
    min: col("Min Response Time"),
    max: col("Max Response Time"),
  };
}

/** Locust from PyPI into .stack/locust (a virtualenv), once. */
async function ensureLocust(): Promise<void> {
  if (existsSync(join(VENV, "bin/locust"))) return;
  console.error(`installing Locust ${LOCUST_VERSION} from PyPI into ${VENV}`);
  await Bun.$`python3 -m venv ${VENV}`.quiet();
  await Bun.$`${join(VENV, "bin/pip")} install --quiet locust==${LOCUST_VERSION}`;
}
