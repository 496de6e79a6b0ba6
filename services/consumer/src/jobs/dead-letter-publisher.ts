import { sendDeadLetters, type DeadLetter } from "@tally/pipeline/kafka";
import type { Producer } from "kafkajs";

/** Where jobs put what they cannot process; the Kafka one is below, tests pass a list. */
export interface DeadLetterPublisher {
  /** Resolves once the broker acknowledged every letter; throws (retriable) otherwise. */
  send(letters: readonly DeadLetter[]): Promise<void>;
}

/**
 * Dead letters on `topic` through one lazily connected producer. A failed send throws, so the
 * batch is not committed and is retried: a letter is never dropped (at worst sent twice).
 */
export function kafkaDeadLetterPublisher(producer: Producer, topic: string): DeadLetterPublisher {
  let connecting: Promise<void> | undefined;
  const connect = () =>
    (connecting ??= producer.connect().catch((error: unknown) => {
      connecting = undefined;
      throw error;
    }));
  return {
    async send(letters) {
      if (letters.length === 0) return;
      await connect();
      await sendDeadLetters(producer, letters, topic);
    },
  };
}
