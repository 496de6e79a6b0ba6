import type { Logger } from "@tally/http-kit";

/**
 * TEST ONLY (TALLY_TEST_CRASH_AFTER_WRITE=1): the jobs call this after their Cassandra write and
 * before returning, so the process dies exactly between "results written" and "offset committed".
 * The integration tests use it to prove a restarted consumer does not double-count. Never set it
 * in production: every batch would kill the consumer.
 */
export function crashAfterWriteHook(enabled: boolean, logger: Logger): (() => void) | undefined {
  if (!enabled) return undefined;
  logger.warn("TALLY_TEST_CRASH_AFTER_WRITE is set: this consumer exits 137 after its first write (test only)");
  return () => {
    logger.warn("TALLY_TEST_CRASH_AFTER_WRITE: exiting after the write, before the commit");
    process.exit(137);
  };
}
