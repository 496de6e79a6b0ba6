/**
 * Sending the stream: through the producer's POST /produce with an Idempotency-Key (retried until
 * 202, as a client that wants exactly-once billing does) or straight to Kafka (logins, payments),
 * paced over a duration so the consumers always have new work while faults happen.
 */
import type { Producer } from "kafkajs";

/** Counters one feeder keeps for the report. */
export interface FeedStats {
  sent: number;
  attempts: number;
  failedAttempts: number;
  /** When the first attempt after `markMs` succeeded (ms since epoch). */
  firstSuccessAfterMark: number | null;
  markMs: number | null;
}

export const newStats = (): FeedStats => ({ sent: 0, attempts: 0, failedAttempts: 0, firstSuccessAfterMark: null, markMs: null });

/** A paced run over items: item i is due at start + i·durationMs/n; `hurry()` drops the pacing; `remaining()` counts unsent. */
export function paced<T>(items: readonly T[], durationMs: number, concurrency: number, send: (item: T) => Promise<void>) {
  const start = Date.now();
  let next = 0;
  let done = 0;
  let hurry = false;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      const due = start + (i * durationMs) / items.length;
      while (!hurry && Date.now() < due) await Bun.sleep(Math.min(50, due - Date.now()));
      await send(items[i]!);
      done++;
    }
  };
  const finished = Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker)).then(() => undefined);
  return { finished, hurry: () => void (hurry = true), remaining: () => items.length - done };
}

/** Notes a success for the stats (and the first one after a mark, e.g. a server being back). */
function success(stats: FeedStats): void {
  stats.sent++;
  if (stats.markMs !== null && stats.firstSuccessAfterMark === null) stats.firstSuccessAfterMark = Date.now();
}

/**
 * POST /produce `{topic, message}` with `Idempotency-Key: key` until it answers 202. Connection
 * errors and 5xx are retried after 100 ms (the producer may be dead or the broker away); any 4xx is a bug.
 */
export async function produceWithKey(url: () => string, topic: string, message: string, key: string, stats: FeedStats): Promise<void> {
  for (;;) {
    stats.attempts++;
    try {
      const res = await fetch(url() + "/produce", { method: "POST", headers: { "content-type": "application/json", "idempotency-key": key }, body: JSON.stringify({ topic, message }), signal: AbortSignal.timeout(15_000) });
      const body = await res.text();
      if (res.status === 202) return success(stats);
      if (res.status < 500) throw new Error(`POST /produce answered ${res.status}: ${body}`);
    } catch (err) {
      if (err instanceof Error && err.message.startsWith("POST /produce answered")) throw err;
    }
    stats.failedAttempts++;
    await Bun.sleep(100);
  }
}

/** Sends values to one partition in one request, acks=all; with `retry`, repeats on error (only for records the consumer dedupes). */
export async function sendToKafka(producer: Producer, topic: string, values: readonly string[], partition: number | undefined, retry: boolean, stats: FeedStats): Promise<void> {
  for (;;) {
    stats.attempts++;
    try {
      await producer.send({ topic, acks: -1, timeout: 10_000, messages: values.map((value) => ({ value, partition })) });
      return success(stats);
    } catch (err) {
      stats.failedAttempts++;
      if (!retry) throw err;
      await Bun.sleep(200);
    }
  }
}

/** `items` cut into chunks of `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
