import { readFileSync } from "node:fs";
import { API_LOG_SPEC, billApiUsage, formatBillLine, parseRateCard } from "@tally/billing";
import { InputError } from "@tally/pipeline";
import { aggregateInput, writeLines, writeRejections } from "./aggregate-command.ts";
import { parseBillArgs } from "./args.ts";
import type { CliIo } from "./io.ts";
import { summaryLine } from "./output.ts";

/**
 * `tally bill <api-log-file> --rates <file>`: per user `user1: total_duration=7235ms, total_cost=42.50`,
 * sorted by user id. Malformed lines are reported on stderr and skipped, never fatal.
 */
export async function billCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseBillArgs(argv);
  // Rates first: a bad rate card should fail before minutes of reading logs.
  const rates = parseRateCard(await readText(args.ratesFile));
  const { result, seconds, engine } = await aggregateInput(args.input, API_LOG_SPEC, io);
  await writeLines(billApiUsage(result.groups, rates).map((b) => formatBillLine(b) + "\n"), io);
  if (args.errorsFile !== undefined) await writeRejections(args.errorsFile, result.rejections);
  for (const r of result.rejections) io.stderr(`line ${r.line}: ${r.reason}\n`);
  if (result.rejectedCount > result.rejections.length) io.stderr(`… and ${result.rejectedCount - result.rejections.length} more rejected lines\n`);
  io.stderr(summaryLine(result, seconds, engine));
  return 0;
}

async function readText(path: string): Promise<string> {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new InputError(code === "ENOENT" ? `no such rates file: ${path}` : `cannot read rates file ${path}: ${(error as Error).message}`, { cause: error });
  }
}
