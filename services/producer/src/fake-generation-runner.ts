import type { Progress, RunResult } from "@tally/generate";
import type { GenerationParams, GenerationRunner } from "./generations.ts";

/**
 * Test support: a GenerationRunner without Kafka. A run reports progress as `step(n)` says, ends
 * when `finish()` is called (done) or its signal aborts (cancelled), or fails with `fail(error)`.
 * `checkError` makes the topic check reject.
 */
export class FakeGenerationRunner implements GenerationRunner {
  checkError: Error | undefined;
  readonly started: GenerationParams[] = [];
  private current?: { params: GenerationParams; sent: number; onProgress(p: Progress): void; end(r: RunResult | Error): void };

  async check(): Promise<void> {
    if (this.checkError) throw this.checkError;
  }

  run(params: GenerationParams, control: { signal: AbortSignal; onProgress(p: Progress): void }): Promise<RunResult> {
    this.started.push(params);
    return new Promise<RunResult>((resolve, reject) => {
      const run = {
        params,
        sent: 0,
        onProgress: control.onProgress,
        end: (r: RunResult | Error) => {
          this.current = undefined;
          if (r instanceof Error) reject(r);
          else resolve(r);
        },
      };
      this.current = run;
      control.signal.addEventListener("abort", () => run.end({ sent: run.sent, total: params.count, seconds: 1, aborted: true }), { once: true });
    });
  }

  /** The running generation acknowledges `n` more records. */
  step(n: number): void {
    const run = this.mustRun();
    run.sent += n;
    run.onProgress({ sent: run.sent, total: run.params.count, ratePerSec: run.sent, elapsedSeconds: 1 });
  }

  /** The running generation sends the rest and ends. */
  finish(): void {
    const run = this.mustRun();
    if (run.sent < run.params.count) this.step(run.params.count - run.sent);
    run.end({ sent: run.sent, total: run.params.count, seconds: 1, aborted: false });
  }

  fail(error: Error): void {
    this.mustRun().end(error);
  }

  private mustRun() {
    if (!this.current) throw new Error("no generation is running");
    return this.current;
  }
}
