import { loadKernel, type LoadedKernel } from "./kernel-loader.ts";

/** Everything the CLI touches outside its arguments, injectable for tests. */
export interface CliIo {
  stdout(text: string): Promise<void>;
  stderr(text: string): void;
  stderrIsTTY: boolean;
  stdin(): AsyncIterable<Uint8Array>;
  loadKernel(): Promise<LoadedKernel>;
}

/** The real process: stdout/stderr/stdin of this Bun process and the kernel from disk. */
export function processIo(): CliIo {
  // A reader that goes away (`tally generate … --output - | head`) fails the pending write with
  // EPIPE through its callback; without a listener the stream's 'error' event would crash the process.
  process.stdout.on("error", () => {});
  return {
    stdout: (text) =>
      new Promise<void>((resolve, reject) => {
        process.stdout.write(text, (error) => (error ? reject(error) : resolve()));
      }),
    stderr: (text) => void process.stderr.write(text),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    stdin: () => Bun.stdin.stream() as unknown as AsyncIterable<Uint8Array>,
    loadKernel,
  };
}
