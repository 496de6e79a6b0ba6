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
        // Failures in a row: the first and every 100th are logged (a timer ticking every 250 ms through a
        // Cassandra outage wrote 4 lines a second); the next success says how many there were.
        let failing = 0;
        const tick = () => {
          if (running || this.abort.signal.aborted) return;
          running = true;
          const run = timer
            .run(this.assigned(job.topic), this.abort.signal)
            .then(() => {
              if (failing > 0) this.logger.info("job timer works again", { job: job.name, timer: timer.name, failedInARow: failing });
              failing = 0;
            })
            .catch((error: unknown) => {
              failing++;
              if (!this.abort.signal.aborted && (failing === 1 || failing % 100 === 0)) {
                this.logger.warn("job timer failed; it runs again next time", { job: job.name, timer: timer.name, failedInARow: failing, error });
              }
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
