import type { ConsumerLogger } from "./batch-consumer-options.ts";
import type { KafkaJob } from "./kafka-job.ts";

/**
 * Runs the jobs' timers while the consumer runs: each on its own interval, never overlapping itself,
 * with the partitions of its job's topic that this member owns at that moment. A failing timer is
 * logged and runs again next time (it must be idempotent, like everything a job writes).
 */
export class JobTimers {
  private intervals: ReturnType<typeof setInterval>[] = [];
  private abort = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly jobs: readonly KafkaJob[],
    private readonly assigned: (topic: string) => readonly number[],
    private readonly logger: ConsumerLogger,
  ) {}

  start(): void {
    if (this.intervals.length > 0) return;
    this.abort = new AbortController();
    for (const job of this.jobs) {
      for (const timer of job.timers) {
        let running = false;
        const tick = () => {
          if (running || this.abort.signal.aborted) return;
          running = true;
          const run = timer
            .run(this.assigned(job.topic), this.abort.signal)
            .catch((error: unknown) => {
              if (!this.abort.signal.aborted) this.logger.warn("job timer failed; it runs again next time", { job: job.name, timer: timer.name, error });
            })
            .finally(() => {
              running = false;
              this.inFlight.delete(run);
            });
          this.inFlight.add(run);
        };
        this.intervals.push(setInterval(tick, timer.everyMs));
      }
    }
  }

  /** Stops the clocks and waits for the runs in flight. */
  async stop(): Promise<void> {
    for (const i of this.intervals) clearInterval(i);
    this.intervals = [];
    this.abort.abort();
    await Promise.allSettled([...this.inFlight]);
    await Promise.allSettled(this.jobs.flatMap((j) => j.timers.map((t) => t.close?.())));
  }
}
