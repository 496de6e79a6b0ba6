import { describe, expect, test } from "bun:test";
import { TimeoutError, withTimeout } from "./timeout.ts";

describe("withTimeout", () => {
  test("returns the result when in time", async () => {
    expect(await withTimeout("fast", 100, async () => 7)).toBe(7);
  });

  test("rejects with TimeoutError and aborts the signal when late", async () => {
    let aborted = false;
    const p = withTimeout("kafka send", 20, (signal) => {
      signal.addEventListener("abort", () => (aborted = true));
      return new Promise(() => {});
    });
    await expect(p).rejects.toThrow(new TimeoutError("kafka send", 20));
    expect(aborted).toBe(true);
  });

  test("passes the work's own error through", async () => {
    await expect(withTimeout("x", 100, async () => { throw new Error("own"); })).rejects.toThrow("own");
  });
});
