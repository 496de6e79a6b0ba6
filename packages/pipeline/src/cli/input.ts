import { stat } from "node:fs/promises";
import { InputError } from "../errors.ts";
import { fileChunks } from "../io/file/file-chunks.ts";
import { rechunk } from "../io/file/rechunk.ts";
import { missingColumn, parseCsvHeader } from "./csv-header.ts";
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
  // The kernel copies each chunk into WASM memory before the next read, so one buffer is enough.
  return { name: path, chunks: fileChunks(path, { reuseBuffer: true }), size: info.size };
}

const MAX_HEADER_BYTES = 1024 * 1024;

/**
 * Passes chunks through after checking the CSV header names every wanted column, so a typo in
 * --key fails at once with the list of columns instead of rejecting every row.
 */
export async function* requireCsvColumns(chunks: AsyncIterable<Uint8Array>, wanted: readonly (string | number)[]): AsyncGenerator<Uint8Array> {
  const held: Uint8Array[] = [];
  let text = "";
  let checked = false;
  const decoder = new TextDecoder();
  const check = (atEnd: boolean) => {
    const header = parseCsvHeader(text, atEnd);
    if (header === null && !atEnd && text.length < MAX_HEADER_BYTES) return;
    checked = true;
    if (header === null) return; // empty input: nothing to check, nothing to count
    const missing = missingColumn(header, wanted);
    if (missing !== undefined) throw new InputError(`unknown column '${missing}' (columns: ${header.filter((h) => h !== "").join(", ")})`);
  };
  for await (const chunk of chunks) {
    if (checked) {
      yield chunk;
      continue;
    }
    held.push(chunk.slice());
    text += decoder.decode(chunk, { stream: true });
    check(false);
    if (checked) {
      yield* held;
      held.length = 0;
    }
  }
  if (!checked) {
    check(true);
    yield* held;
  }
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
