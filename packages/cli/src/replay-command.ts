import { generatorKafka, type Kafka } from "@tally/generate/kafka";
import { replayDeadLetters, type ReplayOptions, type ReplaySummary } from "@tally/pipeline/kafka";
import { onePositional } from "./args.ts";
import { parseOptions } from "./parse-options.ts";
import { UsageError } from "./errors.ts";
import type { CliIo } from "./io.ts";
import { resolveBrokers, topicName } from "./kafka-args.ts";

/** Where the services write dead letters unless DEAD_LETTER_TOPIC says otherwise. */
const DEFAULT_DEAD_LETTER_TOPIC = "dead-letters";

/** `tally replay` after parsing. */
export interface ReplayArgs {
  brokers: string[];
  options: ReplayOptions;
}

/** Parses `replay dead-letters --source-topic T [--dead-letter-topic D] [--to T2] [--group G] [--dry-run] [--brokers B]`. */
export function parseReplayArgs(argv: readonly string[], env: Record<string, string | undefined> = {}): ReplayArgs {
  const { values, positionals } = parseOptions(argv, {
    "source-topic": { type: "string" },
    "dead-letter-topic": { type: "string" },
    to: { type: "string" },
    group: { type: "string" },
    "dry-run": { type: "boolean" },
    brokers: { type: "string" },
  });
  const what = onePositional(positionals, "replay needs what to replay: dead-letters");
  if (what !== "dead-letters") throw new UsageError(`replay knows only dead-letters, got '${what}'`);
  const opt = (key: string) => values[key] as string | undefined;
  const source = opt("source-topic");
  if (source === undefined) throw new UsageError("--source-topic is required: the topic whose dead letters go back (e.g. payments)");
  const options: ReplayOptions = {
    sourceTopic: topicName(source, "--source-topic"),
    deadLetterTopic: topicName(opt("dead-letter-topic") ?? env.DEAD_LETTER_TOPIC ?? DEFAULT_DEAD_LETTER_TOPIC, "--dead-letter-topic"),
    dryRun: values["dry-run"] === true,
  };
  if (opt("to") !== undefined) options.targetTopic = topicName(opt("to")!, "--to");
  if (opt("group") !== undefined) options.groupId = topicName(opt("group")!, "--group");
  return { brokers: resolveBrokers(opt("brokers"), env), options };
}

/** What `tally replay` needs beyond CliIo; injectable so tests point it at their stack. */
export interface ReplayDeps {
  env: Record<string, string | undefined>;
  kafka(brokers: string[]): Kafka;
}

/**
 * `tally replay dead-letters --source-topic payments`: puts that topic's dead letters back on it, so the
 * job takes them again through its idempotent path, and says how many. Exit 0 when the backlog was
 * replayed (also when it was empty); a Kafka failure is exit 1 with its reason, and running it again resumes.
 */
export async function replayCommand(argv: readonly string[], io: CliIo, deps: ReplayDeps = { env: process.env, kafka: (b) => generatorKafka(b, "tally-replay") }): Promise<number> {
  const { brokers, options } = parseReplayArgs(argv, deps.env);
  const target = options.targetTopic ?? options.sourceTopic;
  const started = performance.now();
  let summary: ReplaySummary;
  try {
    summary = await replayDeadLetters(deps.kafka(brokers), { ...options, onProgress: (s) => io.stderr(`\r${line(s)}`) });
  } catch (error) {
    // Progress is committed per acknowledged batch, so the way forward is simply to run it again.
    io.stderr(`\ntally: replay stopped: ${error instanceof Error ? error.message : String(error)}; run it again to resume\n`);
    return 1;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const verb = options.dryRun ? "would replay" : "replayed";
  io.stderr(`\r${verb} ${summary.replayed} dead letters of ${options.sourceTopic} from ${options.deadLetterTopic} to ${target} in ${seconds} s (${line(summary)})\n`);
  return 0;
}

function line(s: ReplaySummary): string {
  return `read ${s.read}, replayed ${s.replayed}, other topics or empty ${s.skipped}, unreadable ${s.unreadable}`;
}

