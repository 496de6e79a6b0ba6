import type { Logger } from "@tally/http-kit";
import { backoffDelay } from "@tally/pipeline";
import type { ConsumerController } from "@tally/pipeline/kafka";

/**
 * CONSUME_ON_START: keeps trying to start until it works or `signal` aborts (shutdown), so a
 * consumer booted before Kafka is up starts by itself once Kafka is.
 */
export async function startOnBoot(controller: ConsumerController, logger: Logger, signal: AbortSignal): Promise<void> {
  for (let attempt = 1; !signal.aborted; attempt++) {
    try {
      await controller.start();
      return;
    } catch (err) {
      const delayMs = backoffDelay(attempt, { initialRetryTime: 1000, maxRetryTime: 30_000 });
      logger.warn("could not start consuming at boot; retrying", { attempt, delayMs, error: err });
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, delayMs);
        signal.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
      });
    }
  }
}
