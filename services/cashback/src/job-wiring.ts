import type { CashbackConfig } from "./config.ts";

/** What the cashback jobs are built from: read once at startup (index.ts), fakes in tests. */
export interface JobWiring {
  config: CashbackConfig;
}
