import { parseRateCard } from "@tally/billing";
import { loadKernelFromDisk } from "@tally/kernel-wasm/disk";
import { recordingCassandra } from "@tally/pipeline/testing";
import { readConfig } from "../config.ts";
import type { JobWiring } from "../job-wiring.ts";

const kernel = await loadKernelFromDisk();

/** TEST SUPPORT: the consumer's job wiring with the real kernel, the seed's rates and a recording Cassandra client. */
export function testWiring(env: Record<string, string> = {}) {
  const db = recordingCassandra();
  const rates = parseRateCard("RATE_login=0.005\nRATE_createOrder=0.010\nRATE_getUserProfile=0.002\n");
  const wiring: JobWiring = { config: readConfig(env), kernel, rates, cassandra: db.client };
  return { wiring, db, rates };
}
