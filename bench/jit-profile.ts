/**
 * Where a Bun command spends its time inside JIT code — the kernel's WebAssembly functions included —
 * down to the instruction: runs the command under `perf record` (cpu-clock samples: no hardware
 * counters in these VMs) with JavaScriptCore writing a JITDump, then puts every sample on the code it
 * fell in (jitdump.ts), merging the copies of a function (one per instance and thread).
 *
 * Usage: bun bench/jit-profile.ts [--top N] [--disasm "NAME"] [--around BYTES] -- COMMAND…
 *   e.g. bun bench/jit-profile.ts --disasm "JSC-WasmOMG: .wasm-function[48]" -- \
 *          bun bench/kernel-csv-ab.ts packages/kernel-wasm/build/kernel-simd.wasm packages/kernel-wasm/build/kernel-simd.wasm 2 --file bench/data/short-100mb.csv
 * Needs `perf` (Debian: linux-perf) and, for --disasm, `objdump` (binutils). Function numbers are the
 * module's (the export section names the exported ones: see packages/kernel-wasm/build/).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { attribute, parseJitDump, type JitCode } from "./jitdump.ts";

const argv = process.argv.slice(2);
const dash = argv.indexOf("--");
if (dash < 0 || dash === argv.length - 1) {
  console.error('usage: bun bench/jit-profile.ts [--top N] [--disasm "NAME"] [--around BYTES] -- COMMAND…');
  process.exit(2);
}
const opts = argv.slice(0, dash);
const command = argv.slice(dash + 1);
const opt = (name: string) => (opts.includes(name) ? opts[opts.indexOf(name) + 1] : undefined);
const top = Number(opt("--top") ?? 20);
const disasm = opt("--disasm");
const around = Number(opt("--around") ?? 24);

for (const tool of ["perf", ...(disasm ? ["objdump"] : [])]) {
  if (!Bun.which(tool)) {
    console.error(`jit-profile: ${tool} not found (Debian: apt-get install ${tool === "perf" ? "linux-perf" : "binutils"})`);
    process.exit(1);
  }
}

const dir = mkdtempSync(join(tmpdir(), "jit-profile-"));
try {
  const data = join(dir, "perf.data");
  const rec = Bun.spawnSync(["perf", "record", "-k", "1", "-e", "cpu-clock", "-F", "4000", "-o", data, "--", ...command], {
    env: { ...process.env, BUN_JSC_useJITDump: "1", BUN_JSC_jitDumpDirectory: dir },
    stdout: "inherit",
    stderr: "inherit",
  });
  if (rec.exitCode !== 0) throw new Error(`perf record exited ${rec.exitCode}`);
  const codes: JitCode[] = readdirSync(dir)
    .filter((f) => f.startsWith("jit-") && f.endsWith(".dump"))
    .flatMap((f) => parseJitDump(new Uint8Array(readFileSync(join(dir, f)))));
  const script = Bun.spawnSync(["perf", "script", "-i", data, "-F", "ip"], { stdout: "pipe", stderr: "pipe" });
  const ips = script.stdout.toString().split(/\s+/).filter(Boolean).map((h) => BigInt(`0x${h}`));
  const a = attribute(codes, ips);
  const pct = (n: number) => `${((100 * n) / a.total).toFixed(1).padStart(5)}%`;
  console.log(`\n${a.total} samples, ${codes.length} pieces of JIT code`);
  for (const [name, n] of [...a.byFunction].sort((x, y) => y[1] - x[1]).slice(0, top)) console.log(`${pct(n)}  ${name}`);
  const hot = [...a.byOffset].flatMap(([name, offs]) => [...offs].map(([o, n]) => ({ name, o, n })));
  console.log("\nhottest instructions (function +offset):");
  for (const h of hot.sort((x, y) => y.n - x.n).slice(0, top)) console.log(`${pct(h.n)}  ${h.name} +0x${h.o.toString(16)}`);
  if (disasm) {
    const code = codes.find((c) => c.name.startsWith(`${disasm}#`) || c.name === disasm);
    const offs = a.byOffset.get(disasm);
    if (!code || !offs) throw new Error(`no samples in '${disasm}'`);
    const bin = join(dir, "code.bin");
    writeFileSync(bin, code.code);
    const lines = Bun.spawnSync(["objdump", "-D", "-b", "binary", "-m", "i386:x86-64", bin]).stdout.toString().split("\n");
    const marks = [...offs].filter(([, n]) => n >= a.total * 0.004).map(([o]) => o);
    console.log(`\n${disasm} (${code.size} bytes), instructions within ${around} bytes of one with ≥ 0.4 % of the samples:`);
    for (const line of lines) {
      const m = /^\s*([0-9a-f]+):/.exec(line);
      if (!m) continue;
      const at = parseInt(m[1]!, 16);
      if (marks.some((o) => Math.abs(o - at) <= around)) console.log(`${offs.has(at) ? pct(offs.get(at)!) : "      "} ${line}`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
