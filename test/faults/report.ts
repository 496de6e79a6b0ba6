/** The fault suite's report: one block per scenario, written to test/artifacts/ and printed. */
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { ROOT } from "../integration/service-process.ts";

export interface ScenarioResult {
  name: string;
  events: number;
  faults: string;
  /** Differences from the ground truth (empty: every total exact). */
  diffs: string[];
  recovery: string[];
  notes: string[];
  seconds: number;
}

/** Renders the results as Markdown. */
export function renderReport(results: readonly ScenarioResult[], run: { events: number; seed: number }): string {
  const lines = [
    `# Fault suite — ${new Date().toISOString()}`,
    "",
    `${run.events} events requested (seed ${run.seed}); ${cpus()[0]?.model ?? "?"} × ${cpus().length}, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")} at the end.`,
    "",
  ];
  for (const r of results) {
    lines.push(`## ${r.name}: ${r.diffs.length === 0 ? "every total equals the ground truth" : "TOTALS DIFFER"}`, "", `- events: ${r.events}; ${r.seconds.toFixed(0)} s`, `- faults: ${r.faults}`);
    for (const x of r.recovery) lines.push(`- recovery: ${x}`);
    for (const x of r.notes) lines.push(`- note: ${x}`);
    for (const x of r.diffs) lines.push(`- DIFF: ${x}`);
    lines.push("");
  }
  return lines.join("\n");
}

/** Writes the report to test/artifacts/faults-report.md (and prints it); returns the path. */
export async function writeReport(results: readonly ScenarioResult[], run: { events: number; seed: number }): Promise<string> {
  const text = renderReport(results, run);
  const dir = join(ROOT, "test/artifacts");
  await mkdir(dir, { recursive: true });
  const file = join(dir, "faults-report.md");
  await writeFile(file, text);
  console.log(text);
  return file;
}
