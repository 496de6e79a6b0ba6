import { keyProblem, refuseGroups } from "@tally/billing";
import type { KernelInput } from "@tally/pipeline";
import { fileInput, type FileThreads } from "@tally/pipeline/file";

/**
 * A billing file as kernel input: read straight into the kernel (`fileInput`: a keep-alive per read,
 * in parts on several threads when `threads` says so and the file is big), then rows whose company
 * cannot be billed — empty or blank, not valid UTF-8, longer than Cassandra's key limit — are refused
 * as rejected rows (`refuseGroups`) before anything is written, so Cassandra never refuses one file's
 * row after its others were written.
 */
export function billingFileInput(path: string, threads?: FileThreads): KernelInput {
  const file = fileInput(path, { threads });
  return {
    read: async (aggregator, keepAlive) => refuseGroups(await file.read(aggregator, keepAlive), (g) => keyProblem(g.key[0] ?? "", "company")),
  };
}
