import { describe, expect, test } from "bun:test";
import { Counter, Gauge, Registry } from "prom-client";
import { createContext } from "../../model/context.ts";
import { prometheusSink } from "./prometheus-sink.ts";

describe("prometheus sink", () => {
  test("sets gauges and increments counters per element", async () => {
    const registry = new Registry();
    const devices = new Gauge({ name: "device_type_count", help: "h", labelNames: ["device_type"], registers: [registry] });
    const total = new Counter({ name: "total_count", help: "h", registers: [registry] });
    const sink = prometheusSink<readonly [string, number]>({
      gauges: [{ metric: devices, labels: ([d]) => ({ device_type: d }), value: ([, n]) => n }],
      counters: [{ metric: total, inc: ([, n]) => n }],
    });
    const ctx = createContext("b");
    await sink.write([["ios", 3], ["android", 2]], ctx);
    await sink.write([["ios", 5]], ctx);
    const text = await registry.metrics();
    expect(text).toContain('device_type_count{device_type="ios"} 5');
    expect(text).toContain('device_type_count{device_type="android"} 2');
    expect(text).toContain("total_count 10");
  });

  test("unlabelled gauges and labelled counters (incremented by 1 by default)", async () => {
    const registry = new Registry();
    const last = new Gauge({ name: "last_value", help: "h", registers: [registry] });
    const seen = new Counter({ name: "seen_total", help: "h", labelNames: ["kind"], registers: [registry] });
    const sink = prometheusSink<number>({
      gauges: [{ metric: last, value: (n) => n }],
      counters: [{ metric: seen, labels: (n) => ({ kind: n % 2 === 0 ? "even" : "odd" }) }],
    });
    await sink.write([1, 2, 3], createContext("b"));
    const text = await registry.metrics();
    expect(text).toContain("last_value 3");
    expect(text).toContain('seen_total{kind="odd"} 2');
    expect(text).toContain('seen_total{kind="even"} 1');
  });
});
