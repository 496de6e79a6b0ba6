import { Counter, type Registry } from "prom-client";
import { LabelCap } from "./label-cap.ts";
import type { WindowCount } from "./window-count-rows.ts";

/**
 * The original's metric names (seed 003), kept for its dashboards, as counters that only grow: each
 * final window adds its counts once, when it is published. Label values are capped per label.
 */
export interface LoginMetrics {
  /** Adds one final window's counts. */
  windowFinal(counts: readonly WindowCount[]): void;
}

/** Registers the login metrics on `registry` for the analytics topic `topic`. */
export function createLoginMetrics(registry: Registry, topic: string, labelValuesMax: number): LoginMetrics {
  const registers = [registry];
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    (registry.getSingleMetric(name) as Counter<L> | undefined) ?? new Counter({ name, help, labelNames, registers });
  const device = counter("device_type_count", "Logins per device type in final windows (seed 003's name)", ["device_type", "topic"]);
  const locale = counter("locale_count", "Logins per locale in final windows (seed 003's name)", ["locale", "topic"]);
  const total = counter("total_count", "Logins in final windows (seed 003's name)", ["record_type", "topic"]);
  const windows = counter("tally_windows_finalized_total", "Event-time windows published as final", ["job_name"]);
  const devices = new LabelCap(labelValuesMax);
  const locales = new LabelCap(labelValuesMax);
  return {
    windowFinal(counts) {
      for (const c of counts) {
        if (c.recordType === "device_type") device.inc({ device_type: devices.of(c.value), topic }, c.count);
        else if (c.recordType === "locale") locale.inc({ locale: locales.of(c.value), topic }, c.count);
        else if (c.recordType === "total") total.inc({ record_type: "total", topic }, c.count);
      }
      windows.inc({ job_name: "login-windows" });
    },
  };
}
