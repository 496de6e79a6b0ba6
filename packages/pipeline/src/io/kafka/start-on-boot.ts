import { PipelineError } from "../../errors.ts";
import { retry } from "../../runners/retry.ts";
import type { ConsumerLogger } from "./batch-consumer-options.ts";
import type { ConsumerController } from "./consume-state.ts";

/**
 * Starts consuming at boot and keeps trying (1 s doubling to 30 s, with jitter) until it works or
 * `signal` aborts (shutdown), so a service booted before Kafka is up starts by itself once Kafka is.
 * Resolves either way; never throws.
 */
export async function startOnBoot(controller: ConsumerController, logger: ConsumerLogger, signal: AbortSignal): Promise<void> {
  try {
    await retry(() => controller.start(), {
      retries: Infinity,
      initialRetryTime: 1000,
      maxRetryTime: 30_000,
      signal,
      onRetry: ({ attempt, delayMs, error }) => logger.warn("could not start consuming at boot; retrying", { attempt, delayMs, error }),
      // Kafka may come up and a missing topic may be created, so kafkajs errors are worth another
      // try; only our own refusals (nothing to consume) are not.
      isRetriable: (error) => !(error instanceof PipelineError) || error.retriable,
    });
  } catch (error) {
    if (!signal.aborted) logger.error("gave up starting the consumer at boot", { error });
  }
}
