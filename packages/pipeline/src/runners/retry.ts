import { RetriesExhaustedError, isRetriable } from "../errors.ts";

/** Backoff settings, named like kafkajs's retry options. */
export interface RetryOptions {
  /** Retries after the first attempt (Infinity: until it works or is aborted). Default 5. */
  retries?: number;
  /** First delay in ms. Default 300. */
  initialRetryTime?: number;
  /** Delay cap in ms. Default 30 000. */
  maxRetryTime?: number;
  /** Growth per attempt. Default 2. */
  multiplier?: number;
  /** Jitter: each delay is randomised within ±factor of itself. Default 0.2. */
  factor?: number;
  /** Called before each wait, e.g. to heartbeat a Kafka consumer or log. */
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void | Promise<void>;
  signal?: AbortSignal;
  /** Which errors are worth another try; default `isRetriable` (all but those saying `retriable: false`). */
  isRetriable?: (error: unknown) => boolean;
  /** Injected for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

/** The delay before retry number `attempt` (1-based), before the cap: exponential with jitter. */
export function backoffDelay(attempt: number, options: RetryOptions = {}, random: () => number = Math.random): number {
  const initial = options.initialRetryTime ?? 300;
  const max = options.maxRetryTime ?? 30_000;
  const multiplier = options.multiplier ?? 2;
  const factor = options.factor ?? 0.2;
  const base = Math.min(initial * multiplier ** (attempt - 1), max);
  // Jitter spreads retries of many consumers so a recovering sink is not hit in lockstep.
  const jittered = base * (1 - factor + 2 * factor * random());
  return Math.min(Math.round(jittered), max);
}

/**
 * Runs `fn` until it resolves, retrying errors that are retriable (see `isRetriable`) with exponential
 * backoff and jitter. Non-retriable errors are rethrown as they are; when the budget runs out a
 * `RetriesExhaustedError` wraps the last error.
 */
export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const retries = options.retries ?? 5;
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
    options.signal?.throwIfAborted();
    try {
      return await fn(attempt);
    } catch (error) {
      if (!(options.isRetriable ?? isRetriable)(error)) throw error;
      if (attempt >= retries) throw new RetriesExhaustedError(attempt + 1, error);
      const delayMs = backoffDelay(attempt + 1, options, random);
      await options.onRetry?.({ attempt: attempt + 1, delayMs, error });
      await sleep(delayMs, options.signal);
    }
  }
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
