import { batchOf, type Source } from "../../model/source.ts";

/**
 * A source of file paths, one batch per path with the path as batch id: pair it with
 * `kernelAggregate({ open: fileChunks })` to aggregate files in a pipeline (the CLI's and tests'
 * counterpart of a Kafka topic carrying file names).
 */
export function fileSource(paths: readonly string[]): Source<string> {
  return {
    async *batches(signal) {
      for (const path of paths) {
        if (signal?.aborted) return;
        yield batchOf(path, [path]);
      }
    },
  };
}
