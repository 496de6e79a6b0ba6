import { generateRecords, GenerateProduceError, resolveOptions, sendInBatches, type Progress, type ResolvedOptions, type RunResult } from "@tally/generate";
import { generatorKafka, produceGenerated, type Kafka } from "@tally/generate/kafka";
import { parseGenerateArgs, type GenerateArgs } from "./generate-args.ts";
import { generateProgress } from "./generate-progress.ts";
import type { CliIo } from "./io.ts";

/** Exit status after Ctrl-C stopped a run (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;
/** NDJSON lines per stdout write: big writes, bounded memory. */
const STDOUT_BATCH = 10_000;

/** What `tally generate` needs beyond CliIo; injectable so tests run it in process. */
export interface GenerateDeps {
  env: Record<string, string | undefined>;
  kafka(brokers: string[]): Kafka;
  /** Calls `handler` on Ctrl-C; returns the function that stops listening. */
  onInterrupt(handler: () => void): () => void;
}

/** The real process: its environment, a quiet kafkajs client, SIGINT. */
export function processGenerateDeps(): GenerateDeps {
  return {
    env: process.env,
    kafka: (brokers) => generatorKafka(brokers, "tally-cli"),
    onInterrupt(handler) {
      // once: a second Ctrl-C while the batch in flight drains kills the process as usual.
      process.once("SIGINT", handler);
      return () => process.off("SIGINT", handler);
    },
  };
}

/**
 * `tally generate <kind> --count N …`: a deterministic stream of the kind's records to a Kafka
 * topic (or NDJSON on stdout with `--output -`), with progress and a summary on stderr.
 * Exit 0 when all records were written, 130 when Ctrl-C stopped it (after the batch in flight).
 */
export async function generateCommand(argv: readonly string[], io: CliIo, deps: GenerateDeps = processGenerateDeps()): Promise<number> {
  const args = parseGenerateArgs(argv, deps.env);
  const options = resolveOptions({ count: args.count, seed: args.seed, start: args.start, rate: args.rate });
  const label = `${args.kind.name} → ${args.target.to === "kafka" ? args.target.topic : "stdout"}`;
  const progress = generateProgress(io, label);
  const controller = new AbortController();
  const stopListening = deps.onInterrupt(() => controller.abort());
  let result: RunResult & { stdoutClosed?: boolean };
  try {
    result = await run(args, options, io, deps, { signal: controller.signal, onProgress: progress.update });
  } finally {
    stopListening();
    progress.done();
  }
  const done = result.stdoutClosed
    ? `stopped (stdout closed): ${result.sent} of ${result.total}`
    : result.aborted
      ? `interrupted: ${result.sent} of ${result.total}`
      : `generated ${result.sent}`;
  const perSecond = result.seconds > 0 ? Math.round(result.sent / result.seconds) : result.sent;
  io.stderr(`${done} ${label} in ${result.seconds.toFixed(2)} s (${perSecond} records/s); seed ${options.seed}, start ${options.start}\n`);
  // A reader that stopped early (`| head`) is not a failure; Ctrl-C is reported as shells do.
  return result.aborted && !result.stdoutClosed ? EXIT_INTERRUPTED : 0;
}

type RunOptions = { signal: AbortSignal; onProgress: (p: Progress) => void };

async function run(args: GenerateArgs, options: ResolvedOptions, io: CliIo, deps: GenerateDeps, run: RunOptions): Promise<RunResult & { stdoutClosed?: boolean }> {
  const records = generateRecords(args.kind, options);
  const target = args.target;
  if (target.to === "stdout") {
    // EPIPE: the reader went away; stop like an interrupt, without an error.
    const closed = new AbortController();
    const write = async (batch: { value: string }[]) => {
      try {
        await io.stdout(batch.map((r) => r.value + "\n").join(""));
      } catch (err) {
        if ((err as { code?: unknown }).code !== "EPIPE") throw err;
        closed.abort();
      }
    };
    const signal = AbortSignal.any([run.signal, closed.signal]);
    const result = await sendInBatches(records, write, { total: args.count, batchSize: STDOUT_BATCH, rate: args.rate, ...run, signal });
    return { ...result, stdoutClosed: closed.signal.aborted };
  }
  try {
    return await produceGenerated({ kafka: deps.kafka(target.brokers), topic: target.topic, records, total: args.count, rate: args.rate, ...run });
  } catch (err) {
    if (!(err instanceof GenerateProduceError) || err.sent === 0) throw err;
    const message = `${err.message} (after ${err.sent} of ${args.count} records were acknowledged)`;
    throw new GenerateProduceError(err.kind, message, err.sent, { cause: err });
  }
}
