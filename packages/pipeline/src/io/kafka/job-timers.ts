import type { ConsumerLogger } from "./batch-consumer-options.ts";
import type { KafkaJob } from "./kafka-job.ts";

/**
 * Runs the jobs' timers while the consumer runs: each on its own interval, never overlapping itself,
 * with the partitions of its job's topic that this member owns at that moment, and besides when it
 * asks to be woken (JobTimer.wakeWith). A failing timer is logged and runs again next time (it must
 * be idempotent, like everything a job writes).
 */
export class JobTimers {
  private intervals: ReturnType<typeof setInterval>[] = [];
  private readonly wakes = new Set<ReturnType<typeof setTimeout>>();
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
    const signal = this.abort.signal;
    for (const job of this.jobs) {
      for (const timer of job.timers) {
        let running = false;
        // A wake that came during a run: run again as soon as it ends.
        let again = false;
        // The pending wake's time and handle: an earlier wake replaces a later one, a later one waits.
        let wakeAt = Number.POSITIVE_INFINITY;
        let wakeHandle: ReturnType<typeof setTimeout> | undefined;
        // Failures in a row: the first and every 100th are logged (a timer ticking every 250 ms through a
        // Cassandra outage wrote 4 lines a second); the next success says how many there were.
        let failing = 0;
        // An interval's tick during a run is skipped; a wake's is kept for right after it.
        const tick = (woken = false) => {
          if (signal.aborted) return;
          if (running) {
            again ||= woken;
            return;
          }
          running = true;
          again = false;
          const run = timer
            .run(this.assigned(job.topic), signal)
            .then(() => {
              if (failing > 0) this.logger.info("job timer works again", { job: job.name, timer: timer.name, failedInARow: failing });
              failing = 0;
            })
            .catch((error: unknown) => {
              failing++;
              if (!signal.aborted && (failing === 1 || failing % 100 === 0)) {
                this.logger.warn("job timer failed; it runs again next time", { job: job.name, timer: timer.name, failedInARow: failing, error });
              }
            })
            .finally(() => {
              running = false;
              this.inFlight.delete(run);
              if (again) tick(true);
            });
          this.inFlight.add(run);
        };
        const wake = (delayMs = 0) => {
          if (signal.aborted) return;
          const at = Date.now() + Math.max(0, delayMs);
          if (at >= wakeAt) return;
          clearTimeout(wakeHandle);
          wakeAt = at;
          wakeHandle = setTimeout(() => {
            wakeAt = Number.POSITIVE_INFINITY;
            this.wakes.delete(wakeHandle!);
            tick(true);
          }, Math.max(0, delayMs));
          this.wakes.add(wakeHandle);
        };
        timer.wakeWith?.(wake);
        this.intervals.push(setInterval(() => tick(), timer.everyMs));
      }
    }
  }

  /** Stops the clocks and waits for the runs in flight. */
  async stop(): Promise<void> {
    for (const i of this.intervals) clearInterval(i);
    this.intervals = [];
    for (const w of this.wakes) clearTimeout(w);
    this.wakes.clear();
    this.abort.abort();
    await Promise.allSettled([...this.inFlight]);
    await Promise.allSettled(this.jobs.flatMap((j) => j.timers.map((t) => t.close?.())));
  }
}
