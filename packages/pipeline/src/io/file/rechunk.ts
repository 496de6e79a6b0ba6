import { DEFAULT_CHUNK_SIZE } from "./file-chunks.ts";

/**
 * Coalesces a stream of small chunks (stdin, sockets: often 64 KiB) into chunks of at least
 * `minSize` bytes, so the kernel is called a few times per megabyte instead of dozens.
 * Chunks already large enough pass through untouched.
 */
export async function* rechunk(chunks: AsyncIterable<Uint8Array>, minSize = DEFAULT_CHUNK_SIZE): AsyncGenerator<Uint8Array> {
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  for await (const chunk of chunks) {
    if (chunk.byteLength === 0) continue;
    if (pendingBytes === 0 && chunk.byteLength >= minSize) {
      yield chunk;
      continue;
    }
    // Copy: the producer may reuse its buffer once we ask for the next chunk.
    pending.push(chunk.slice());
    pendingBytes += chunk.byteLength;
    if (pendingBytes >= minSize) {
      yield concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
    }
  }
  if (pendingBytes > 0) yield concat(pending, pendingBytes);
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
