// The errors subpath only: the generators themselves load with `generate` (start-up every command paid).
import { GenerateOptionError, GenerateProduceError } from "@tally/generate/errors";
import { KernelError, KernelTrapError, SpecError } from "@tally/kernel-wasm";
import { describe, InputError, PipelineError } from "@tally/pipeline";
import { aggregateCommand } from "./aggregate-command.ts";
import { billCommand } from "./bill-command.ts";
import { UsageError } from "./errors.ts";
import type { CliIo } from "./io.ts";

/** The usage text (it names the generator kinds, so it loads them: only for help). */
export async function usage(): Promise<string> {
  const { kindNames } = await import("@tally/generate");
  return `usage:
  tally aggregate <file|-> --format csv|ndjson|log --key <field>[,<field>…] [--sum <field>] [--scale <n>]
                  [--output table|jsonl|csv] [--errors <file>] [--suffix <unit>] [--fields <n>] [--threads <n>]
      per-key counts and exact sums; for --format log, fields are 0-based positions
  tally bill <api-log-file|-> --rates <file> [--errors <file>]
      per-user API usage bill: user1: total_duration=7235ms, total_cost=42.50
  tally generate <kind> --count <n> [--rate <per-second>] [--seed <n>] [--start <epoch-seconds>]
                 [--topic <topic>] [--brokers <host:port,…>] [--output -]
      a deterministic synthetic stream (kinds: ${kindNames().join(", ")}) to Kafka (default topic: the kind's, brokers:
      KAFKA_BROKERS or 127.0.0.1:9092), or NDJSON on stdout with --output -
  tally replay dead-letters --source-topic <topic> [--dead-letter-topic <topic>] [--to <topic>] [--group <id>]
               [--dry-run] [--brokers <host:port,…>]
      puts a topic's dead letters (default topic: DEAD_LETTER_TOPIC or dead-letters) back on it, once: progress is
      kept in a consumer group (default tally-replay-<topic>), so a second run replays only newer letters
exit status: 0 input read (even with rejected records), 1 input error, Kafka unreachable or WASM kernel
             not built, 2 usage error, 3 internal error, 130 generate interrupted (Ctrl-C)
`;
}

/** Exit codes. */
export const EXIT = { ok: 0, input: 1, usage: 2, internal: 3 } as const;

/** Runs the CLI on arguments (without `bun main.ts`) and returns the exit code; never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "aggregate":
        return await aggregateCommand(rest, io);
      case "bill":
        return await billCommand(rest, io);
      case "generate":
        // Loaded on demand: these two pull in kafkajs (~150 ms of start-up every `tally aggregate` paid).
        return await (await import("./generate-command.ts")).generateCommand(rest, io);
      case "replay":
        return await (await import("./replay-command.ts")).replayCommand(rest, io);
      case undefined:
      case "help":
      case "--help":
      case "-h":
        io.stderr(await usage());
        return command === undefined ? EXIT.usage : EXIT.ok;
      default:
        throw new UsageError(`unknown command '${command}' (expected aggregate, bill, generate or replay)`);
    }
  } catch (error) {
    // The reader of stdout went away (`tally aggregate … | head`): stop quietly, as `generate` does.
    if ((error as { code?: unknown } | null)?.code === "EPIPE") {
      io.stderr("tally: stopped: stdout closed\n");
      return EXIT.ok;
    }
    io.stderr(`tally: ${describe(error)}\n`);
    if (error instanceof UsageError || error instanceof SpecError || error instanceof GenerateOptionError) {
      io.stderr("run 'tally --help' for usage\n");
      return EXIT.usage;
    }
    if (error instanceof KernelTrapError) return EXIT.internal;
    // Unknown column, unreadable header (the input does not fit the spec); KernelLoadError: the kernel is not built.
    if (error instanceof InputError || error instanceof PipelineError || error instanceof KernelError) return EXIT.input;
    // Kafka unreachable or the topic missing.
    if (error instanceof GenerateProduceError) return EXIT.input;
    if (isSystemError(error)) return EXIT.input;
    return EXIT.internal;
  }
}

function isSystemError(error: unknown): boolean {
  return typeof (error as { code?: unknown } | null)?.code === "string";
}
