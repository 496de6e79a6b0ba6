import { describe, expect, test } from "bun:test";
import { Registry } from "prom-client";
import { ComputePool } from "./compute-pool.ts";
import { HttpError } from "./errors.ts";
import { crash, fail, where } from "./compute-pool.fixture.ts";

const FIXTURE = new URL("./compute-pool.fixture.ts", import.meta.url);

function pool<A extends unknown[], R>(fn: (...args: A) => R, exportName: string, threads: number, registry?: Registry) {
  return new ComputePool({ name: "test", fn, module: FIXTURE, exportName, threads, registry });
}

/** Runs `body` with a pool whose workers have answered their start, and closes it after. */
async function started<A extends unknown[], R>(p: ComputePool<A, R>, body: (p: ComputePool<A, R>) => Promise<void>): Promise<void> {
  try {
    await p.whenStarted();
    await body(p);
  } finally {
    p.close();
  }
}

describe("ComputePool", () => {
  test("with no threads every call runs in the caller, synchronously", () => {
    const p = pool(where, "where", 0);
    expect(p.run(3)).toEqual({ n: 3, worker: false });
  });

  test("calls run in the caller until a worker is ready, then on the workers, counted by where they ran", async () => {
    const registry = new Registry();
    const p = pool(where, "where", 2, registry);
    try {
      expect(p.run(1)).toEqual({ n: 1, worker: false }); // first call: workers only just started
      await p.whenStarted();
      expect(p.readyThreads).toBe(2);
      const answers = await Promise.all([2, 3, 4, 5].map((n) => p.run(n)));
      expect(answers).toEqual([2, 3, 4, 5].map((n) => ({ n, worker: true })));
      const text = await registry.metrics();
      expect(text).toContain('tally_compute_calls_total{pool="test",on="caller"} 1');
      expect(text).toContain('tally_compute_calls_total{pool="test",on="worker"} 4');
    } finally {
      p.close();
    }
  });

  test("an HttpError crosses the thread with its status, code and message; any other error without its detail kept", async () => {
    await started(pool(fail, "fail", 1), async (p) => {
      const err = await Promise.resolve(p.run(413)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HttpError);
      expect(err).toMatchObject({ status: 413, code: "bad_thing", message: "refused with 413" });
      const plain = await Promise.resolve(p.run(0)).catch((e: unknown) => e);
      expect(plain).toBeInstanceOf(Error);
      expect(plain).not.toBeInstanceOf(HttpError);
    });
  });

  test("a module without the function leaves every call in the caller", async () => {
    await started(pool(where, "nothing_here", 1), async (p) => {
      expect(p.readyThreads).toBe(0);
      expect(p.run(7)).toEqual({ n: 7, worker: false });
    });
  });

  test("a worker that dies has its call answered in the caller and is replaced", async () => {
    await started(pool(crash, "crash", 1), async (p) => {
      expect(await p.run(9)).toEqual({ n: 9, worker: false }); // the worker exited; the caller answered
      await p.whenStarted();
      expect(p.readyThreads).toBe(1); // its replacement
    });
  });
});
