import type { RateCard } from "@tally/billing";
import type { Kernel } from "@tally/kernel-wasm";
import type cassandra from "cassandra-driver";
import type { ConsumerConfig } from "./config.ts";

/** What the consumer's jobs are built from, read once at startup (index.ts); tests pass a recording Cassandra client. */
export interface JobWiring {
  config: ConsumerConfig;
  kernel: Pick<Kernel, "createAggregator">;
  rates: RateCard;
  cassandra: cassandra.Client;
}
