import { writeFileSync } from "node:fs";
import type { AggregateResult, AggregateSpec, Rejection, RenderTarget } from "@tally/kernel-wasm";
import { aggregateBytes } from "@tally/pipeline";
import { aggregateFile } from "@tally/pipeline/file";
import { parseAggregateArgs } from "./args.ts";
import { FILE_CHUNK_SIZE, openInput, progressReporter, withProgress } from "./input.ts";
import { aggregateFileParallel, prestartWorkers } from "@tally/pipeline/file";
import type { CliIo } from "./io.ts";
import { renderGroups, renderSorted, summaryLine } from "./output.ts";
import { stdoutRows } from "./stdout-rows.ts";

/** `tally aggregate <file|-> --format … --key … [--sum …]`: prints per-key counts and exact sums. */
export async function aggregateCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseAggregateArgs(argv);
  // jsonl and csv rows go from the kernel's sorted table to stdout when it can write them.
  const rows = args.output === "table" ? undefined : stdoutRows(io, args.output, renderGroups([], args.spec, args.output).head.join(""));
  const { result, seconds, engine } = await aggregateInput(args.input, args.spec, io, args.threads, rows);
  if (result.rendered) await rows!.end();
  else await writeLines(renderSorted(result, args.spec, args.output), io);
  if (args.errorsFile !== undefined) await writeRejections(args.errorsFile, result.rejections);
  io.stderr(summaryLine(result, seconds, engine));
  reportRejections(result, io, args.errorsFile !== undefined);
  return 0;
}

/**
 * Streams an input through a fresh aggregator; shared by `aggregate` and `bill`. A file with
 * `threads` > 1 is split and aggregated in parallel when it is large enough (same result).
 */
export async function aggregateInput(path: string, spec: AggregateSpec, io: CliIo, threads = 1, render?: RenderTarget) {
  const input = await openInput(path, io);
  const workers = input.path !== undefined ? prestartWorkers(input.path, threads) : [];
  let loaded;
  try {
    loaded = await io.loadKernel();
  } catch (error) {
    for (const w of workers) w.terminate();
    throw error;
  }
  const started = performance.now();
  let engine = loaded.engine;
  const parallel = input.path !== undefined && threads > 1 && loaded.kernel !== undefined;
  let result: AggregateResult | null = parallel ? await aggregateFileParallel(input.path!, spec, threads, loaded.kernel!, { workers, render }) : null;
  if (!parallel) for (const w of workers) w.terminate();
  if (result !== null) engine += `, ${threads} threads`;
  else if (input.path !== undefined) {
    // Files: read straight into the kernel's input region when it offers DirectInput (one copy fewer).
    const progress = progressReporter(input, io);
    result = await aggregateFile(input.path, loaded.createAggregator(spec, render), { chunkSize: FILE_CHUNK_SIZE, onChunk: progress.update });
    progress.done();
  } else {
    result = await aggregateBytes(withProgress(input, io), loaded.createAggregator(spec, render));
  }
  return { result, seconds: (performance.now() - started) / 1000, engine };
}

/** `--errors FILE`: one JSON line per rejected record. */
export async function writeRejections(path: string, rejections: readonly Rejection[]): Promise<void> {
  writeFileSync(path, rejections.map((r) => JSON.stringify({ line: r.line, reason: r.reason }) + "\n").join(""));
}

/** Shows the first few rejections on stderr, or, with --errors, says when the kernel's list was capped. */
export function reportRejections(result: AggregateResult, io: CliIo, writtenToFile: boolean): void {
  if (writtenToFile) {
    if (result.rejectedCount > result.rejections.length) io.stderr(`note: the errors file lists the first ${result.rejections.length} of ${result.rejectedCount} rejections\n`);
    return;
  }
  const shown = result.rejections.slice(0, 5);
  for (const r of shown) io.stderr(`line ${r.line}: ${r.reason}\n`);
  const rest = result.rejectedCount - shown.length;
  if (rest > 0) io.stderr(`… and ${rest} more rejected (list them with --errors FILE)\n`);
}

/** Writes in blocks so millions of groups neither build one giant string nor make a syscall per line. */
export async function writeLines(lines: readonly string[], io: CliIo): Promise<void> {
  for (let i = 0; i < lines.length; i += 10_000) await io.stdout(lines.slice(i, i + 10_000).join(""));
}
