import { statSync } from "node:fs";
import { InputError } from "@tally/pipeline";
import { fileChunks, rechunk } from "@tally/pipeline/file";
import type { CliIo } from "./io.ts";

/** CLI file reads: 4 MiB (also the most a read straight into the kernel's input region takes). */
export const FILE_CHUNK_SIZE = 4 * 1024 * 1024;

/** An opened input: its bytes and, for files, their path (read by aggregateFile) and size (for progress). */
export interface Input {
  name: string;
  chunks: AsyncIterable<Uint8Array>;
  path?: string;
  size?: number;
}

/** Opens a file (or `-` for stdin), failing with a one-line InputError for missing files and directories. */
export async function openInput(path: string, io: CliIo): Promise<Input> {
  if (path === "-") return { name: "stdin", chunks: rechunk(io.stdin()) };
  let info;
  try {
    info = statSync(path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new InputError(code === "ENOENT" ? `no such file: ${path}` : `cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  if (info.isDirectory()) throw new InputError(`${path} is a directory, not a file`);
  // One reused buffer: aggregators copy each chunk before push returns (the kernel's property tests
  // push through a reused, scribbled-over buffer to hold them to it). aggregateInput reads files by
  // `path` instead (straight into the kernel); `chunks` opens nothing until iterated.
  return { name: path, chunks: fileChunks(path, { reuseBuffer: true, chunkSize: FILE_CHUNK_SIZE }), path, size: info.size };
}

/** Progress on stderr (TTY only, large inputs only) at most 4 times a second: `update(bytesSoFar)`, then `done()`. */
export function progressReporter(input: Input, io: CliIo, thresholdBytes = 64 * 1024 * 1024): { update(bytes: number): void; done(): void } {
  const show = io.stderrIsTTY && (input.size === undefined || input.size >= thresholdBytes);
  let last = 0;
  const started = performance.now();
  return {
    update(bytes) {
      if (!show || bytes < thresholdBytes) return;
      const now = performance.now();
      if (now - last <= 250) return;
      last = now;
      const mb = bytes / 1e6;
      const of = input.size ? ` / ${(input.size / 1e6).toFixed(0)} MB (${((100 * bytes) / input.size).toFixed(0)}%)` : " MB";
      io.stderr(`\r${mb.toFixed(0)}${of}, ${(mb / ((now - started) / 1000)).toFixed(0)} MB/s   `);
    },
    done() {
      if (show && last > 0) io.stderr("\r\x1b[K");
    },
  };
}

/** `input.chunks` with progress reported (see progressReporter). */
export async function* withProgress(input: Input, io: CliIo, thresholdBytes = 64 * 1024 * 1024): AsyncGenerator<Uint8Array> {
  const progress = progressReporter(input, io, thresholdBytes);
  let bytes = 0;
  for await (const chunk of input.chunks) {
    bytes += chunk.byteLength;
    progress.update(bytes);
    yield chunk;
  }
  progress.done();
}
