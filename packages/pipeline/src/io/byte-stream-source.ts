import { batchOf, type Source } from "../model/source.ts";
import type { ByteSource } from "../transforms/kernel-aggregate.ts";

/**
 * A source of one batch holding one byte stream (stdin, an HTTP upload), identified by `id`.
 * Pair it with `kernelAggregate({ open: (bytes) => bytes })`: the whole stream is one element, so
 * the ack (a no-op here) follows the write of its aggregate.
 */
export function byteStreamSource(id: string, bytes: ByteSource): Source<ByteSource> {
  return {
    async *batches(signal) {
      if (!signal?.aborted) yield batchOf(id, [bytes]);
    },
  };
}
