/**
 * What one record of the seed's short shape costs in WebAssembly with only the essentials
 * (probes/record-floor.ts): builds the probe with asc and runs each step over 60 MB of
 * bench/data/short-100mb.csv. Usage: bun scripts/record-floor.ts [rounds] (also runs under Node: node
 * --experimental-strip-types is not needed, the script only uses node: APIs and WebAssembly).
 */
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const out = join(root, "build", "record-floor.wasm");
const asc = (await import("assemblyscript/asc")).default;
const built = await asc.main([join(root, "probes", "record-floor.ts"), "-O3", "--runtime", "stub", "--use", "abort=", "--enable", "simd", "--initialMemory", "2000", "--outFile", out]);
if (built.error) throw built.error;
const file = join(root, "..", "..", "bench", "data", "short-100mb.csv");
if (!existsSync(file)) throw new Error(`${file} is missing: run bun run bench:process once (bench/generate-data.ts makes it)`);
const data = readFileSync(file);
const start = data.indexOf(10) + 1;
let cut = 60 << 20;
while (data[cut - 1] !== 10) cut--;
const { instance } = await WebAssembly.instantiate(readFileSync(out), {});
const ex = instance.exports as unknown as { memory: WebAssembly.Memory; inputBase(): number; run(start: number, len: number, mode: number): bigint };
new Uint8Array(ex.memory.buffer).set(data.subarray(start, cut), ex.inputBase());
let records = 0;
for (let i = start; i < cut; i++) if (data[i] === 10) records++;
const steps = ["index separators", "+ read positions", "+ scalar decimal", "+ SWAR decimal (instead)", "+ hash, probe, count (no decimal)", "all, scalar decimal", "all, SWAR decimal", "+ SIMD decimal (instead)", "all, SIMD decimal"];
const rounds = Number(process.argv[2] ?? 5);
const ns: number[][] = steps.map(() => []);
// The three decimals must agree on every record (mode 2, 3 and 7 return the sum of the amounts).
const sums = [2, 3, 7].map((mode) => ex.run(ex.inputBase(), cut - start, mode));
if (sums[0] !== sums[1] || sums[0] !== sums[2]) throw new Error(`the decimals disagree: ${sums.join(" / ")}`);
for (let r = 0; r < rounds; r++) {
  for (let mode = 0; mode < steps.length; mode++) {
    const t = performance.now();
    ex.run(ex.inputBase(), cut - start, mode);
    ns[mode]!.push(((performance.now() - t) * 1e6) / records);
  }
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
console.log(`${records} records (${((cut - start) / 1e6).toFixed(1)} MB), medians of ${rounds} rounds, ns per record:`);
steps.forEach((s, i) => console.log(`  ${s.padEnd(36)} ${median(ns[i]!).toFixed(1)}`));
