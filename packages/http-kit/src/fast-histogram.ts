import type { Registry } from "prom-client";

/** One labelled series: its label values, cumulative-on-export bucket counts, sum and count. */
interface Series {
  labels: Record<string, string>;
  buckets: Float64Array;
  sum: number;
  count: number;
}

export interface FastHistogramOptions {
  name: string;
  help: string;
  labelNames: readonly string[];
  /** Upper bounds, ascending (+Inf is implied). */
  buckets: readonly number[];
  registers: readonly Registry[];
}

/**
 * A Prometheus histogram for per-request paths. prom-client's `Histogram.observe` validates and
 * hashes the label object and finds the bucket through string-keyed properties on every call
 * (~0.45 µs here, measured on POST /process); this one looks a series up by one string key and
 * counts into a typed array (~0.05 µs). It registers itself with prom-client registries and exports
 * exactly what a prom-client Histogram with the same name, labels and buckets would.
 */
export class FastHistogram {
  readonly name: string;
  readonly help: string;
  readonly type = "histogram";
  readonly aggregator = "sum";
  private readonly labelNames: readonly string[];
  private readonly bounds: Float64Array;
  private series = new Map<string, Series>();

  constructor(opts: FastHistogramOptions) {
    this.name = opts.name;
    this.help = opts.help;
    this.labelNames = opts.labelNames;
    this.bounds = Float64Array.from(opts.buckets);
    for (const r of opts.registers) r.registerMetric(this as never);
  }

  /**
   * Adds one observation for the label values in `labelNames` order. `key` identifies that
   * combination of values (callers build it cheaply, e.g. joined with "\u0000").
   */
  observe(key: string, values: readonly string[], value: number): void {
    let s = this.series.get(key);
    if (s === undefined) {
      const labels: Record<string, string> = {};
      this.labelNames.forEach((name, i) => (labels[name] = values[i]!));
      s = { labels, buckets: new Float64Array(this.bounds.length), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    const bounds = this.bounds;
    for (let i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]!) {
        s.buckets[i]!++;
        break;
      }
    }
    s.sum += value;
    s.count++;
  }

  /** prom-client's metric interface: the values in the shape its Registry formats. */
  get() {
    const values: { labels: Record<string, string | number>; sharedLabels: Record<string, string>; value: number; metricName: string }[] = [];
    for (const s of this.series.values()) {
      let cumulative = 0;
      this.bounds.forEach((le, i) => {
        cumulative += s.buckets[i]!;
        values.push({ labels: { le }, sharedLabels: s.labels, value: cumulative, metricName: `${this.name}_bucket` });
      });
      values.push({ labels: { le: "+Inf" }, sharedLabels: s.labels, value: s.count, metricName: `${this.name}_bucket` });
      values.push({ labels: {}, sharedLabels: s.labels, value: s.sum, metricName: `${this.name}_sum` });
      values.push({ labels: {}, sharedLabels: s.labels, value: s.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  /** prom-client's `registry.resetMetrics()` calls this. */
  reset(): void {
    this.series = new Map();
  }
}
