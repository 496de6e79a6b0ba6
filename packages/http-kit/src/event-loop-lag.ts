import { Gauge, type Registry } from "prom-client";

/** prom-client's event-loop delay gauges, which `registerEventLoopLag` replaces under the same names. */
export const EVENT_LOOP_LAG_METRICS = [
  "nodejs_eventloop_lag_seconds",
  "nodejs_eventloop_lag_min_seconds",
  "nodejs_eventloop_lag_max_seconds",
  "nodejs_eventloop_lag_mean_seconds",
  "nodejs_eventloop_lag_stddev_seconds",
  "nodejs_eventloop_lag_p50_seconds",
  "nodejs_eventloop_lag_p90_seconds",
  "nodejs_eventloop_lag_p99_seconds",
] as const;

/** How often the sampler looks at the loop: 10 samples a second is plenty for a 5–15 s scrape. */
export const SAMPLE_MS = 100;
/** Samples kept: ~100 s at SAMPLE_MS, more than any scrape interval. */
const RING = 1024;

/**
 * One process-wide sampler (the event loop is per process; every registry reads the same ring): a timer
 * every SAMPLE_MS records, in ms, how much later than due it fired. unref'd, so it never keeps a process up.
 */
class LagSampler {
  readonly ring = new Float64Array(RING);
  /** Samples written so far; sample i lives at ring[i % RING]. */
  written = 0;
  private due = performance.now() + SAMPLE_MS;

  constructor() {
    setInterval(() => {
      const now = performance.now();
      this.ring[this.written % RING] = Math.max(0, now - this.due);
      this.written++;
      this.due = now + SAMPLE_MS;
    }, SAMPLE_MS).unref();
  }
}

let sampler: LagSampler | undefined;

/** The statistics prom-client reports over the delays recorded since the last scrape (ms in, seconds out). */
export function lagStats(delaysMs: Float64Array): { min: number; max: number; mean: number; stddev: number; p50: number; p90: number; p99: number } {
  const sorted = Float64Array.from(delaysMs).sort();
  const n = sorted.length;
  let sum = 0;
  for (const d of sorted) sum += d;
  const mean = sum / n;
  let squares = 0;
  for (const d of sorted) squares += (d - mean) ** 2;
  // Nearest rank, as an HDR histogram's percentile reads: the smallest value with at least p % at or below it.
  const rank = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * n) - 1)]!;
  const s = (ms: number) => ms / 1000;
  return { min: s(sorted[0]!), max: s(sorted[n - 1]!), mean: s(mean), stddev: s(Math.sqrt(squares / n)), p50: s(rank(50)), p90: s(rank(90)), p99: s(rank(99)) };
}

/**
 * Registers prom-client's event-loop delay gauges (same names, help and meaning) in `registry`, fed by
 * our own sampler. prom-client's read Bun's monitorEventLoopDelay histogram, whose `mean` and `stddev`
 * walk its buckets: 0.8 ms of a blocked event loop per scrape once it has seen delays of a few hundred ms,
 * more than all our other metrics together (a whole scrape now takes ~0.5 ms). And its monitor's timer fired
 * 100 times a second in every service. A scrape here sorts at most RING numbers.
 * Each gauge describes the samples since this registry's previous scrape; with none new, it keeps its value.
 */
export function registerEventLoopLag(registry: Registry): void {
  const source = (sampler ??= new LagSampler());
  let read = source.written;
  const gauge = (name: (typeof EVENT_LOOP_LAG_METRICS)[number], help: string, collect?: (this: Gauge) => Promise<void> | void) =>
    new Gauge({ name, help, registers: [registry], aggregator: "average", collect });
  // As prom-client does: this one gauge's collect sets them all, and itself measures the lag right now.
  // It is registered first, so a scrape runs it before it reads the others.
  gauge("nodejs_eventloop_lag_seconds", "Lag of event loop in seconds.", function () {
    const written = source.written;
    const from = Math.max(read, written - RING);
    read = written;
    if (written > from) {
      const delays = new Float64Array(written - from);
      for (let i = from; i < written; i++) delays[i - from] = source.ring[i % RING]!;
      const st = lagStats(delays);
      min.set(st.min);
      max.set(st.max);
      mean.set(st.mean);
      stddev.set(st.stddev);
      p50.set(st.p50);
      p90.set(st.p90);
      p99.set(st.p99);
    }
    const start = performance.now();
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        this.set((performance.now() - start) / 1000);
        resolve();
      }),
    );
  });
  const min = gauge("nodejs_eventloop_lag_min_seconds", "The minimum recorded event loop delay.");
  const max = gauge("nodejs_eventloop_lag_max_seconds", "The maximum recorded event loop delay.");
  const mean = gauge("nodejs_eventloop_lag_mean_seconds", "The mean of the recorded event loop delays.");
  const stddev = gauge("nodejs_eventloop_lag_stddev_seconds", "The standard deviation of the recorded event loop delays.");
  const p50 = gauge("nodejs_eventloop_lag_p50_seconds", "The 50th percentile of the recorded event loop delays.");
  const p90 = gauge("nodejs_eventloop_lag_p90_seconds", "The 90th percentile of the recorded event loop delays.");
  const p99 = gauge("nodejs_eventloop_lag_p99_seconds", "The 99th percentile of the recorded event loop delays.");
}
