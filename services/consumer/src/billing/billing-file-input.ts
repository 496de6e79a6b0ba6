import { keyProblem, refuseGroups } from "@tally/billing";
import type { KernelInput } from "@tally/pipeline";
import { aggregateFile } from "@tally/pipeline/file";

/**
 * A billing file as kernel input: read straight into the kernel (`aggregateFile`, a keep-alive per
 * read), then rows whose company cannot be billed — empty or blank, not valid UTF-8, longer than
 * Cassandra's key limit — are refused as rejected rows (`refuseGroups`) before anything is written,
 * so Cassandra never refuses one file's row after its others were written.
 */
export function billingFileInput(path: string): KernelInput {
  return {
    read: async (aggregator, keepAlive) => {
      const result = await aggregateFile(path, aggregator, { onChunk: () => keepAlive() });
      return refuseGroups(result, (g) => keyProblem(g.key[0] ?? "", "company"));
    },
  };
}
