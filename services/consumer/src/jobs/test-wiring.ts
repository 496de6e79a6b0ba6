import { parseRateCard } from "@tally/billing";
import { createLogger, createMetricsRegistry } from "@tally/http-kit";
import { loadKernelFromDisk } from "@tally/kernel-wasm/disk";
import { recordingCassandra } from "@tally/pipeline/testing";
import { readConfig } from "../config.ts";
import type { JobWiring } from "../job-wiring.ts";

const kernel = await loadKernelFromDisk();

/** TEST SUPPORT: the consumer's job wiring with the real kernel, the seed's rates and a recording Cassandra client. */
export function testWiring(env: Record<string, string> = {}) {
  const db = recordingCassandra();
  const rates = parseRateCard("RATE_login=0.005\nRATE_createOrder=0.010\nRATE_getUserProfile=0.002\n");
  // Kafka clients are for jobs that produce themselves (the login publisher, a timer): unit tests of
  // the pipelines never reach them; the integration tests use real ones.
  const unused = new Proxy({}, { get: () => { throw new Error("no Kafka in unit tests"); } }) as never;
  const wiring: JobWiring = { config: readConfig(env), kernel, rates, cassandra: db.client, kafka: unused, admin: unused, registry: createMetricsRegistry(false), logger: createLogger("test", "error") };
  return { wiring, db, rates };
}
