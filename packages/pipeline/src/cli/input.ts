import { stat } from "node:fs/promises";
import { InputError } from "../errors.ts";
import { fileChunks } from "../io/file/file-chunks.ts";
import { rechunk } from "../io/file/rechunk.ts";
import type { CliIo } from "./io.ts";

/** An opened input: its bytes and, for files, its size (for progress). */
export interface Input {
  name: string;
  chunks: AsyncIterable<Uint8Array>;
  size?: number;
}

/** Opens a file (or `-` for stdin), failing with a one-line InputError for missing files and directories. */
export async function openInput(path: string, io: CliIo): Promise<Input> {
  if (path === "-") return { name: "stdin", chunks: rechunk(io.stdin()) };
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new InputError(code === "ENOENT" ? `no such file: ${path}` : `cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  if (info.isDirectory()) throw new InputError(`${path} is a directory, not a file`);
  // One reused buffer: aggregators copy each chunk before push returns (the kernel's property tests
  // push through a reused, scribbled-over buffer to hold them to it).
  return { name: path, chunks: fileChunks(path, { reuseBuffer: true, chunkSize: 4 * 1024 * 1024 }), size: info.size };
}

/** Reports progress on stderr (TTY only, large inputs only) at most 4 times a second. */
export async function* withProgress(input: Input, io: CliIo, thresholdBytes = 64 * 1024 * 1024): AsyncGenerator<Uint8Array> {
  const show = io.stderrIsTTY && (input.size === undefined || input.size >= thresholdBytes);
  let bytes = 0;
  let last = 0;
  const started = performance.now();
  for await (const chunk of input.chunks) {
    bytes += chunk.byteLength;
    const now = performance.now();
    if (show && bytes >= thresholdBytes && now - last > 250) {
      last = now;
      const mb = bytes / 1e6;
      const of = input.size ? ` / ${(input.size / 1e6).toFixed(0)} MB (${((100 * bytes) / input.size).toFixed(0)}%)` : " MB";
      io.stderr(`\r${mb.toFixed(0)}${of}, ${(mb / ((now - started) / 1000)).toFixed(0)} MB/s   `);
    }
    yield chunk;
  }
  if (show && last > 0) io.stderr("\r\x1b[K");
}
