import type { RateCard } from "@tally/billing";
import type { Kernel } from "@tally/kernel-wasm";
import type { Sink } from "@tally/pipeline";
import type { UsageRow } from "./api-usage/user-usage.ts";
import type { FileTotals } from "./billing/file-totals.ts";
import type { ConsumerConfig } from "./config.ts";

/** What the consumer's jobs are built from: read once at startup (index.ts), fakes in tests. */
export interface JobWiring {
  config: ConsumerConfig;
  kernel: Pick<Kernel, "createAggregator">;
  rates: RateCard;
  sinks: { billingFiles: Sink<FileTotals>; apiUsage: Sink<UsageRow> };
}
