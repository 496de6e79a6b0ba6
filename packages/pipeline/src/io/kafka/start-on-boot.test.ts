import { afterEach, beforeEach, describe, expect, jest, test } from "bun:test";
import { PipelineError } from "../../errors.ts";
import type { ConsumerController } from "./consume-state.ts";
import { startOnBoot } from "./start-on-boot.ts";

/**
 * A controller whose start fails `failures` times, then works; by default with a kafkajs-style error
 * saying `retriable: false` (e.g. an unknown topic), which may still be fixed by waiting.
 */
function controller(failures: number, error = (n: number) => Object.assign(new Error(`topic does not exist (${n})`), { retriable: false })) {
  let starts = 0;
  const c: ConsumerController & { starts: () => number } = {
    starts: () => starts,
    async start() {
      starts++;
      if (starts <= failures) throw error(starts);
    },
    async stop() {},
    state: () => ({ running: starts > failures, topics: [], partitions: [], counts: { records: 0, rejected: 0, deadLetters: 0 } }),
  };
  return c;
}

function recordingLogger() {
  const lines: [string, string, Record<string, unknown> | undefined][] = [];
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) => void lines.push([level, msg, fields]);
  return { lines, logger: { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") } };
}

/** Lets the retry loop reach its next sleep, then jumps past it (delays are at most 30 s). */
async function nextRetry() {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  jest.advanceTimersByTime(36_000);
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

describe("startOnBoot", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test("keeps trying, even on kafkajs errors saying retriable: false, until start works; logs each retry with a growing delay", async () => {
    const c = controller(3);
    const { lines, logger } = recordingLogger();
    let done = false;
    const boot = startOnBoot(c, logger, new AbortController().signal).then(() => void (done = true));
    for (let i = 0; i < 5 && !done; i++) await nextRetry();
    await boot;
    expect(c.starts()).toBe(4);
    expect(c.state().running).toBe(true);
    const retries = lines.filter(([level]) => level === "warn").map(([, msg, f]) => [msg, f?.attempt, f?.delayMs]);
    expect(retries.map(([msg, attempt]) => [msg, attempt])).toEqual([1, 2, 3].map((a) => ["could not start consuming at boot; retrying", a]));
    // 1 s doubling, ±20 % jitter.
    const delays = retries.map(([, , d]) => d as number);
    expect(delays[0]).toBeGreaterThanOrEqual(800);
    expect(delays[0]).toBeLessThanOrEqual(1200);
    expect(delays[2]).toBeGreaterThanOrEqual(3200);
    expect(lines.some(([level]) => level === "error")).toBe(false);
  });

  test("gives up at once on our own refusal (a PipelineError that is not retriable, e.g. nothing to consume), logging an error", async () => {
    const c = controller(Infinity, () => new PipelineError("nothing to consume: no job and no topic is configured", { retriable: false }));
    const { lines, logger } = recordingLogger();
    await startOnBoot(c, logger, new AbortController().signal);
    expect(c.starts()).toBe(1);
    expect(lines.map(([level, msg]) => [level, msg])).toEqual([["error", "gave up starting the consumer at boot"]]);
  });

  test("retries a PipelineError that is retriable", async () => {
    const c = controller(1, () => new PipelineError("broker down", { retriable: true }));
    const { logger } = recordingLogger();
    const boot = startOnBoot(c, logger, new AbortController().signal);
    await nextRetry();
    await boot;
    expect(c.starts()).toBe(2);
  });

  test("starts at once when it can", async () => {
    const c = controller(0);
    const { lines, logger } = recordingLogger();
    await startOnBoot(c, logger, new AbortController().signal);
    expect(c.starts()).toBe(1);
    expect(lines).toEqual([]);
  });

  test("stops trying when the signal aborts (shutdown), without throwing or logging an error", async () => {
    const c = controller(Infinity);
    const { lines, logger } = recordingLogger();
    const abort = new AbortController();
    let done = false;
    const boot = startOnBoot(c, logger, abort.signal).then(() => void (done = true));
    await nextRetry();
    await nextRetry();
    const starts = c.starts();
    expect(starts).toBeGreaterThanOrEqual(2);
    expect(done).toBe(false);
    abort.abort();
    await boot; // resolves: the abort cut the sleep short
    await nextRetry();
    expect(c.starts()).toBe(starts);
    expect(lines.some(([level]) => level === "error")).toBe(false);
  });

  test("an already aborted signal never calls start", async () => {
    const c = controller(0);
    const { lines, logger } = recordingLogger();
    await startOnBoot(c, logger, AbortSignal.abort());
    expect(c.starts()).toBe(0);
    expect(lines).toEqual([]);
  });
});
