import { loadKernelFromDisk } from "@tally/kernel-wasm/disk";
import { aggregateFileParallel } from "./parallel-aggregate.ts";
import { renderSorted } from "./output.ts";
const k = await loadKernelFromDisk();
const spec = { format: "csv" as const, keys: ["company"], sum: "cost", scale: 2 };
const merge = k.mergeParts.bind(k);
let tm = 0;
k.mergeParts = (...a) => { const t = performance.now(); const r = merge(...a); tm = performance.now() - t; return r; };
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  const r = await aggregateFileParallel(process.argv[2]!, spec, 2, k);
  const t2 = performance.now();
  renderSorted(r!, spec, "jsonl");
  console.log("parallel", (t2 - t).toFixed(0), "of which merge+sort+read", tm.toFixed(0), "render", (performance.now() - t2).toFixed(0));
}
