/**
 * `bun bench/kafkajs-patch-ab.ts [--count 1000000] [--rounds 5]`: what our kafkajs patch
 * (patches/kafkajs@2.2.4.patch) buys a consume loop. The published kafkajs 2.2.4 (fetched from the npm
 * registry into .stack/kafkajs-pristine once) and the patched one in node_modules read the same topic of
 * generated logins, one whole process each, alternating, in one run; prints messages/s and CPU per
 * message for each, their medians and the median ratio, with the CPU model and load average.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { findKind, generateRecords } from "@tally/generate";
import { produceGenerated } from "@tally/generate/kafka";
import { createLogger } from "@tally/http-kit";
import { createKafka } from "@tally/http-kit/kafka";

const ROOT = join(import.meta.dir, "..");
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg("count", 1_000_000);
const ROUNDS = arg("rounds", 5);

const pristineDir = join(ROOT, ".stack/kafkajs-pristine");
const pristine = join(pristineDir, "package/index.js");
if (!existsSync(pristine)) {
  mkdirSync(pristineDir, { recursive: true });
  const pack = Bun.spawnSync(["npm", "pack", "kafkajs@2.2.4", "--silent"], { cwd: pristineDir, stdout: "pipe", stderr: "pipe" });
  const tgz = pack.stdout.toString().trim().split("\n").at(-1)!;
  if (pack.exitCode !== 0 || Bun.spawnSync(["tar", "xzf", tgz], { cwd: pristineDir }).exitCode !== 0) throw new Error(`could not fetch kafkajs 2.2.4: ${pack.stderr}`);
}
const patched = join(ROOT, "node_modules/kafkajs/index.js");

const kafka = createKafka({ brokers: ["127.0.0.1:9092"], clientId: "kafkajs-ab" }, createLogger("bench", "error"));
const admin = kafka.admin();
await admin.connect();
const topic = `kafkajs-ab-${Date.now().toString(36)}`;
await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
try {
  await produceGenerated({ kafka, topic, records: generateRecords(findKind("logins")!, { count: N, seed: 1, start: 1_694_479_540 }), total: N });
  const runs: Record<"pristine" | "patched", { rate: number; cpuUs: number }[]> = { pristine: [], patched: [] };
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? (["pristine", "patched"] as const) : (["patched", "pristine"] as const);
    for (const which of order) {
      const proc = Bun.spawnSync(["bun", join(ROOT, "bench/kafkajs-consume.cjs"), which === "pristine" ? pristine : patched, topic, String(N)], { stdout: "pipe", stderr: "pipe" });
      const [rate, cpuMs] = proc.stdout.toString().trim().split(" ").map(Number);
      if (!rate) throw new Error(`${which} read failed: ${proc.stderr}`);
      runs[which].push({ rate, cpuUs: (cpuMs! * 1000) / N });
      console.log(`round ${round + 1} ${which}: ${rate} messages/s, ${((cpuMs! * 1000) / N).toFixed(2)} µs CPU per message`);
    }
    ratios.push(runs.patched.at(-1)!.rate / runs.pristine.at(-1)!.rate);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const cpu = /Model name:\s*(.+)/.exec(Bun.spawnSync(["lscpu"]).stdout.toString())?.[1]?.trim() ?? "unknown CPU";
  const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  console.log(`\n${new Date().toISOString().slice(0, 16)}Z, ${cpu}, load ${load}; ${N} logins, 3 partitions, ${ROUNDS} alternating rounds (medians)\n`);
  console.log("| kafkajs 2.2.4 | messages/s | CPU µs per message |\n| --- | ---: | ---: |");
  for (const which of ["pristine", "patched"] as const) console.log(`| ${which} | ${Math.round(median(runs[which].map((r) => r.rate))).toLocaleString("en")} | ${median(runs[which].map((r) => r.cpuUs)).toFixed(2)} |`);
  console.log(`\npatched / pristine, median of per-round ratios: ${median(ratios).toFixed(2)}`);
} finally {
  await admin.deleteTopics({ topics: [topic] }).catch(() => {});
  await admin.disconnect();
}
