import type { KafkaJob } from "@tally/pipeline/kafka";
import { cashbackJob } from "./jobs/cashback-job.ts";
import type { JobWiring } from "./job-wiring.ts";

/** The cashback service's jobs, one line each; the Kafka runner consumes their topics in one group. */
export const cashbackJobs = (w: JobWiring): KafkaJob[] => [cashbackJob(w)];
