/**
 * The employees job's per-message read, JS path against the WASM kernel path (issue #10): messages of
 * 1 … 1000 generated employee records (`packages/generate`, employees kind, 2 % dirty), each op reads
 * ~1000 records' worth of messages. JS: decode + `analyseLines` (one JSON.parse per line). Kernel:
 * `analyseLinesKernel` (one typed NDJSON pass, groups read raw, the refused lines through the JS rule),
 * falling back to the JS path when it returns null — what the job does. Both are checked to give the
 * same figures and refused lines first.
 * Usage: bun bench/employees-kernel.ts [rounds] [sizes, e.g. 5,8,16] — tinybench per size and path, the two paths
 * alternating for `rounds` rounds (default 5); medians of µs per record and of per-round ratios.
 */
import { findKind, generateRecords } from "@tally/generate";
import { loadKernelFromDisk } from "@tally/kernel-wasm/disk";
import { Bench } from "tinybench";
import { comparableLines } from "../services/consumer/src/employees/comparable-lines.ts";
import { analyseLines } from "../services/consumer/src/employees/employee-lines.ts";
import { analyseLinesKernel } from "../services/consumer/src/employees/employee-lines-kernel.ts";
import { median } from "./interleaved-ab.ts";

const rounds = Number(process.argv[2] ?? 5);
const SIZES = process.argv[3]?.split(",").map(Number) ?? [1, 3, 10, 30, 100, 1000];
const PER_OP = 1000;
const kernel = await loadKernelFromDisk();
const employees = findKind("employees")!;

const js = (m: Buffer) => analyseLines(m.toString("utf8"));
const viaKernel = (m: Buffer) => analyseLinesKernel(kernel, m) ?? analyseLines(m.toString("utf8"));

console.log(`employees-kernel: ${rounds} rounds, kernel ${kernel.simd ? "SIMD" : "scalar"}, ${new Date().toISOString()}`);
console.log("| records per message (mean bytes) | JS µs/record | kernel µs/record | JS / kernel | messages the kernel path took |");
console.log("| ---: | ---: | ---: | ---: | ---: |");
for (const n of SIZES) {
  const count = Math.max(PER_OP, n);
  const values = [...generateRecords(employees, { count, seed: 1001 + n, start: 1_738_990_800 })].map((r) => r.value);
  const messages: Buffer[] = [];
  let bytes = 0;
  for (let i = 0; i < values.length; i += n) messages.push(Buffer.from(values.slice(i, i + n).join("\n")));
  for (const m of messages) bytes += m.length;
  let took = 0;
  for (const m of messages) {
    const k = analyseLinesKernel(kernel, m);
    if (k === null) continue;
    took++;
    if (!Bun.deepEquals(comparableLines(k), comparableLines(js(m)), true)) throw new Error(`kernel and JS paths disagree on a message of ${n} records`);
  }
  const jsUs: number[] = [];
  const kUs: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const bench = new Bench({ time: 150, warmupTime: 30 });
    const order = r % 2 === 0 ? ["js", "kernel"] : ["kernel", "js"];
    for (const name of order) bench.add(name, () => void messages.forEach(name === "js" ? js : viaKernel));
    await bench.run();
    const p50 = (name: string) => (bench.getTask(name)!.result as { latency: { p50: number } }).latency.p50 * 1000 / count;
    jsUs.push(p50("js"));
    kUs.push(p50("kernel"));
    ratios.push(p50("js") / p50("kernel"));
  }
  console.log(`| ${n} (${Math.round(bytes / messages.length)}) | ${median(jsUs).toFixed(3)} | ${median(kUs).toFixed(3)} | ${median(ratios).toFixed(2)} | ${took}/${messages.length} |`);
}
