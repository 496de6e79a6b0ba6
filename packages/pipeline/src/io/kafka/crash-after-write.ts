import type { ConsumerLogger } from "./batch-consumer-options.ts";

/**
 * TEST ONLY (a service's TALLY_TEST_CRASH_AFTER_WRITE=1): the `afterWrite` hook of `kafkaRunner`,
 * which runs once a batch is written and before its offsets are committed. It sends the process a
 * literal SIGKILL right there — no exit handlers, no flush, no group leave: what `kill -9` does — so
 * integration tests can prove that a restarted consumer does not double-count.
 * Never enable it in production: every batch would kill the service.
 */
export function crashAfterWrite(enabled: boolean, logger: ConsumerLogger): (() => void) | undefined {
  if (!enabled) return undefined;
  logger.warn("TALLY_TEST_CRASH_AFTER_WRITE is set: this service kills itself with SIGKILL after its first write (test only)");
  return () => {
    logger.warn("TALLY_TEST_CRASH_AFTER_WRITE: SIGKILL after the write, before the commit");
    process.kill(process.pid, "SIGKILL");
  };
}
