import { fstatSync, statSync, writeSync } from "node:fs";
import { loadKernel, type LoadedKernel } from "./kernel-loader.ts";

/** Everything the CLI touches outside its arguments, injectable for tests. */
export interface CliIo {
  /** Resolves once written (bytes: rows the kernel rendered); rejects with EPIPE when the reader went away. */
  stdout(data: string | Uint8Array): Promise<void>;
  /**
   * Writes what stdout takes without waiting and returns how many bytes that was (fewer when it would
   * block); throws when it cannot be written (EPIPE). Optional: without it rows are copied and go
   * through stdout().
   */
  stdoutNow?(data: Uint8Array): number;
  stderr(text: string): void;
  readonly stderrIsTTY: boolean;
  stdin(): AsyncIterable<Uint8Array>;
  loadKernel(): Promise<LoadedKernel>;
}

/**
 * The real process: stdout/stderr/stdin of this Bun process and the kernel from disk. It writes
 * with Bun.write and writeSync, not through process.stdout/stderr: the first touch of either builds
 * Node's stream machinery, 13–22 ms of every `tally aggregate` (against ~0.2 ms here). A reader that
 * goes away (`tally generate … --output - | head`) rejects the pending stdout write with EPIPE.
 */
export function processIo(): CliIo {
  let tty: boolean | undefined;
  return {
    stdout: async (data) => {
      await Bun.write(Bun.stdout, data);
    },
    stdoutNow: writeStdoutNow,
    stderr: writeStderr,
    get stderrIsTTY() {
      return (tty ??= stderrIsTerminal());
    },
    stdin: () => Bun.stdin.stream() as unknown as AsyncIterable<Uint8Array>,
    loadKernel,
  };
}

function writeStdoutNow(data: Uint8Array): number {
  let n = 0;
  while (n < data.length) {
    try {
      n += writeSync(1, data, n, data.length - n);
    } catch (error) {
      // A non-blocking pipe that is full: the caller queues the rest for Bun.write.
      if ((error as { code?: unknown }).code === "EAGAIN") return n;
      throw error;
    }
  }
  return n;
}

function writeStderr(text: string): void {
  try {
    writeSync(2, text);
  } catch {
    // EAGAIN on a non-blocking descriptor shared with a parent: hand it to Bun's asynchronous writer.
    void Bun.write(Bun.stderr, text).catch(() => {});
  }
}

/**
 * Whether fd 2 is a terminal. Pipes, files and /dev/null (every scripted run) are ruled out with one
 * fstat; only a character device that is not /dev/null pays for node:tty (10–20 ms to load).
 */
function stderrIsTerminal(): boolean {
  try {
    const err = fstatSync(2);
    if (!err.isCharacterDevice() || err.rdev === statSync("/dev/null").rdev) return false;
    return (require("node:tty") as typeof import("node:tty")).isatty(2);
  } catch {
    return false;
  }
}
