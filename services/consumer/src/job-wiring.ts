import type { RateCard } from "@tally/billing";
import type { Logger } from "@tally/http-kit";
import type { Kernel } from "@tally/kernel-wasm";
import type cassandra from "cassandra-driver";
import type { Admin, Kafka } from "kafkajs";
import type { Registry } from "prom-client";
import type { ConsumerConfig } from "./config.ts";

/** What the consumer's jobs are built from, read once at startup (index.ts); tests pass a recording Cassandra client. */
export interface JobWiring {
  config: ConsumerConfig;
  /** The loaded kernel: aggregators, and parts for files read with threads (KERNEL_THREADS). */
  kernel: Pick<Kernel, "createAggregator" | "createPart" | "mergeParts">;
  rates: RateCard;
  cassandra: cassandra.Client;
  /** For jobs that produce or look up topics themselves (the login job's transactional publisher). */
  kafka: Kafka;
  admin: Admin;
  /** Where jobs register their own metrics (beside the runner's tally_job_*). */
  registry: Registry;
  logger: Logger;
}
