import type { Counter, Gauge, LabelValues } from "prom-client";
import type { Sink } from "../../model/sink.ts";

/** Sets a gauge per element, e.g. `device_type_count{device_type}` from a windowed count. */
export interface GaugeUpdate<T> {
  metric: Gauge<string>;
  labels?: (item: T) => LabelValues<string>;
  value: (item: T) => number;
}

/** Increments a counter per element (by `inc`, default 1). */
export interface CounterUpdate<T> {
  metric: Counter<string>;
  labels?: (item: T) => LabelValues<string>;
  inc?: (item: T) => number;
}

export interface PrometheusSinkOptions<T> {
  gauges?: readonly GaugeUpdate<T>[];
  counters?: readonly CounterUpdate<T>[];
}

/**
 * A sink that updates prom-client metrics; it never fails, so it never holds back an ack. Gauges
 * are idempotent (set), counters are not: a redelivered batch counts twice, which is what "records
 * processed" means anyway.
 */
export function prometheusSink<T>(options: PrometheusSinkOptions<T>): Sink<T> {
  return {
    async write(items) {
      for (const item of items) {
        for (const g of options.gauges ?? []) {
          const value = g.value(item);
          if (g.labels) g.metric.set(g.labels(item), value);
          else g.metric.set(value);
        }
        for (const c of options.counters ?? []) {
          const by = c.inc ? c.inc(item) : 1;
          if (c.labels) c.metric.inc(c.labels(item), by);
          else c.metric.inc(by);
        }
      }
    },
  };
}
