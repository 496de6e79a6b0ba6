import { describe, expect, test } from "bun:test";
import { PipelineError, RetriesExhaustedError } from "../errors.ts";
import { backoffDelay, retry } from "./retry.ts";

const noSleep = { sleep: async () => {} };

describe("retry", () => {
  test("retries retriable failures and returns the eventual result", async () => {
    let calls = 0;
    const result = await retry(async () => {
      if (++calls < 3) throw new PipelineError("down", { retriable: true });
      return "ok";
    }, noSleep);
    expect(result).toBe("ok");
    expect(calls).toBe(3);
  });

  test("does not retry an error marked retriable: false", async () => {
    let calls = 0;
    const fatal = new PipelineError("bad schema", { retriable: false });
    await expect(
      retry(async () => {
        calls++;
        throw fatal;
      }, noSleep),
    ).rejects.toBe(fatal);
    expect(calls).toBe(1);
  });

  test("wraps the last error when the budget runs out", async () => {
    const last = new Error("still down");
    const error = await retry(async () => {
      throw last;
    }, { ...noSleep, retries: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect((error as RetriesExhaustedError).attempts).toBe(3);
    expect((error as RetriesExhaustedError).cause).toBe(last);
    expect((error as RetriesExhaustedError).retriable).toBe(false);
  });

  test("waits with exponential backoff, capped, and reports each retry", async () => {
    const waits: number[] = [];
    const seen: number[] = [];
    await retry(
      async (attempt) => {
        if (attempt < 5) throw new Error("x");
      },
      {
        retries: 5,
        initialRetryTime: 100,
        maxRetryTime: 1000,
        factor: 0,
        sleep: async (ms) => void waits.push(ms),
        onRetry: ({ attempt }) => void seen.push(attempt),
      },
    );
    expect(waits).toEqual([100, 200, 400, 800, 1000]);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  test("jitter stays within ±factor of the exponential delay", () => {
    expect(backoffDelay(3, { initialRetryTime: 100, factor: 0.2 }, () => 0)).toBe(320);
    expect(backoffDelay(3, { initialRetryTime: 100, factor: 0.2 }, () => 1)).toBe(480);
    expect(backoffDelay(3, { initialRetryTime: 100, factor: 0.2 }, () => 0.5)).toBe(400);
    for (let i = 0; i < 100; i++) {
      const d = backoffDelay(3, { initialRetryTime: 100, factor: 0.2 });
      expect(d).toBeGreaterThanOrEqual(320);
      expect(d).toBeLessThanOrEqual(480);
    }
  });

  test("backoffDelay doubles per attempt up to the cap, also far past it", () => {
    const opts = { initialRetryTime: 100, maxRetryTime: 1000, factor: 0 };
    expect([1, 2, 3, 4, 5, 10].map((a) => backoffDelay(a, opts))).toEqual([100, 200, 400, 800, 1000, 1000]);
    // Jitter never pushes a capped delay past the cap.
    expect(backoffDelay(10, { ...opts, factor: 0.2 }, () => 1)).toBe(1000);
  });

  test("an aborted signal stops waiting", async () => {
    const controller = new AbortController();
    const pending = retry(async () => {
      throw new Error("down");
    }, { retries: Infinity, initialRetryTime: 10_000, signal: controller.signal });
    controller.abort(new Error("shutdown"));
    await expect(pending).rejects.toThrow("shutdown");
  });
});
