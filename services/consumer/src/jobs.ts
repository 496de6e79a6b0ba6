import type { KafkaJob } from "@tally/pipeline/kafka";
import { apiLogsJob } from "./jobs/api-logs-job.ts";
import { billingFilesJob } from "./jobs/billing-files-job.ts";
import { employeesJob } from "./jobs/employees-job.ts";
import { loginWindowsJob } from "./jobs/login-windows-job.ts";
import type { JobWiring } from "./job-wiring.ts";

/** The consumer's jobs, one line each; the Kafka runner consumes their topics in one group. */
export const consumerJobs = (w: JobWiring): KafkaJob[] => [billingFilesJob(w), apiLogsJob(w), loginWindowsJob(w), employeesJob(w)];
