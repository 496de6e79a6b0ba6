import { parseRateCard } from "@tally/billing";
import { loadKernelFromDisk } from "@tally/kernel-wasm/disk";
import type { Sink } from "@tally/pipeline";
import type { UsageRow } from "../api-usage/user-usage.ts";
import type { FileTotals } from "../billing/file-totals.ts";
import { readConfig } from "../config.ts";
import type { JobWiring } from "../job-wiring.ts";

/** TEST SUPPORT: a sink that keeps what it was given; `fail` makes the next write throw. */
export function recordingSink<T>(): Sink<T> & { items: T[]; fail?: Error } {
  const sink: Sink<T> & { items: T[]; fail?: Error } = {
    items: [],
    async write(items) {
      if (sink.fail) throw sink.fail;
      sink.items.push(...items);
    },
  };
  return sink;
}

const kernel = await loadKernelFromDisk();

/** TEST SUPPORT: the consumer's job wiring with the real kernel, the seed's rates and recording sinks. */
export function testWiring(env: Record<string, string> = {}) {
  const sinks = { billingFiles: recordingSink<FileTotals>(), apiUsage: recordingSink<UsageRow>() };
  const rates = parseRateCard("RATE_login=0.005\nRATE_createOrder=0.010\nRATE_getUserProfile=0.002\n");
  const wiring: JobWiring = { config: readConfig(env), kernel, rates, sinks };
  return { wiring, sinks, rates };
}
