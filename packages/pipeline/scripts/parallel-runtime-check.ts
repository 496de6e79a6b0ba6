/**
 * What `aggregateFileParallel` does on the runtime that executes it (bundled by test-runtimes.ts and run
 * under Deno and Node): with Web Workers (Deno) it must split generated files into parts and give
 * exactly one aggregator's result — groups, counts, sums, rejections and their line numbers; without
 * them (Node has no global Worker) it must decline (null), so the caller streams the file on one thread.
 * Prints `<runtime>: N passed, M failed` and exits non-zero on a failure.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadKernel, type AggregateResult } from "@tally/kernel-wasm";
import { aggregateFileParallel, canUseWorkers } from "../src/io/file/index.ts";

declare const Deno: { version: { deno: string }; args: string[]; exit(code: number): never } | undefined;
const deno = typeof Deno !== "undefined" ? Deno : undefined;
const runtime = deno ? `deno ${deno.version.deno}` : `node ${process.versions.node}`;
const [simdPath] = deno ? deno.args : process.argv.slice(2);

/** A CSV with quoted commas and LFs, CRLF lines, bad amounts and short rows, from a fixed seed. */
function generate(rows: number, seed: number): string {
  let s = seed;
  const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const out = ["date,company,note,cost"];
  for (let i = 0; i < rows; i++) {
    const r = next();
    const company = r < 0.05 ? `"co ${i % 7},\nsplit"` : `co${Math.floor(next() * 40)}`;
    const note = r > 0.9 ? `"says ""hi"",\r\nthen more"` : "plain";
    const cost = r > 0.97 ? "12.x" : `${Math.floor(next() * 100000) / 100}`;
    out.push(r > 0.985 ? `2025-01-01,${company}` : `2025-01-01,${company},${note},${cost}`);
  }
  const eol = seed % 2 === 0 ? "\r\n" : "\n";
  return out.join(eol) + eol;
}

const canon = (r: AggregateResult) =>
  JSON.stringify({
    groups: r.groups.map((g) => [g.key, g.count, String(g.sum)]).sort(),
    records: r.records,
    rejected: r.rejectedCount,
    rejections: r.rejections,
  });

const kernel = await loadKernel(new Uint8Array(readFileSync(simdPath!)));
const spec = { format: "csv" as const, keys: ["company"], sum: "cost", scale: 2 };
const dir = mkdtempSync(join(tmpdir(), "tally-parallel-"));
let passed = 0;
const failures: string[] = [];
try {
  for (const [rows, seed, threads] of [[3000, 1, 2], [5000, 2, 3], [8000, 3, 4], [4000, 4, 2]] as const) {
    const path = join(dir, `f${seed}.csv`);
    const text = generate(rows, seed);
    writeFileSync(path, text);
    const one = kernel.createAggregator(spec, { keyOrder: true });
    one.push(new TextEncoder().encode(text));
    const expected = one.finish();
    const parallel = await aggregateFileParallel(path, spec, threads, kernel, { minPartBytes: 4096 });
    const name = `${rows} rows in ${threads} parts`;
    if (!canUseWorkers()) {
      if (parallel === null) passed++;
      else failures.push(`${name}: split without Workers`);
    } else if (parallel === null) failures.push(`${name}: not split`);
    else if (canon(parallel) !== canon(expected)) failures.push(`${name}: differs from one aggregator`);
    else passed++;
  }
  // Many keys written as rows: two parts with a key-range exchange (Atomics.wait on this thread too).
  {
    const path = join(dir, "many-keys.csv");
    const text = "company,cost\n" + Array.from({ length: 20_000 }, (_, i) => `k${(i * 7919) % 20_000},${i % 1000}.5\n`).join("");
    writeFileSync(path, text);
    const one = kernel.createAggregator(spec, { keyOrder: true, render: "csv" });
    one.push(new TextEncoder().encode(text));
    const expected = new TextDecoder().decode(one.finish().rendered!.bytes);
    const parallel = await aggregateFileParallel(path, spec, 2, kernel, { minPartBytes: 4096, render: "csv" });
    const name = "20k keys as rows in 2 parts (key-range exchange)";
    if (!canUseWorkers()) {
      if (parallel === null) passed++;
      else failures.push(`${name}: split without Workers`);
    } else if (parallel === null) failures.push(`${name}: not split`);
    else if (new TextDecoder().decode(parallel.rendered!.bytes) !== expected) failures.push(`${name}: rows differ from one aggregator's`);
    else passed++;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
for (const f of failures) console.error(`FAIL ${f}`);
console.log(`${runtime} (${canUseWorkers() ? "Workers, split" : "no Workers, one thread"}): ${passed} passed, ${failures.length} failed`);
if (failures.length > 0) (deno ? deno.exit(1) : process.exit(1));
