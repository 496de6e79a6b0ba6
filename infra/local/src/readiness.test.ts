import { describe, expect, test } from "bun:test";
import { httpAnswers, waitUntil } from "./readiness.ts";

describe("waitUntil", () => {
  test("ready as soon as the probe succeeds", async () => {
    let n = 0;
    expect(await waitUntil(async () => ++n >= 3, { timeoutMs: 5000, stillRunning: () => true, intervalMs: 1 })).toBe("ready");
    expect(n).toBe(3);
  });
  test("reports a server that died instead of waiting out the timeout", async () => {
    const t0 = Date.now();
    expect(await waitUntil(async () => false, { timeoutMs: 10_000, stillRunning: () => false, intervalMs: 1 })).toBe("exited");
    expect(Date.now() - t0).toBeLessThan(1000);
  });
  test("times out", async () => {
    expect(await waitUntil(async () => false, { timeoutMs: 50, stillRunning: () => true, intervalMs: 5 })).toBe("timeout");
  });
});

describe("httpAnswers", () => {
  test("true for 2xx, false for errors and closed ports", async () => {
    const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (req) => new Response("", { status: req.url.endsWith("/ok") ? 200 : 503 }) });
    expect(await httpAnswers(`http://127.0.0.1:${server.port}/ok`)).toBe(true);
    expect(await httpAnswers(`http://127.0.0.1:${server.port}/no`)).toBe(false);
    server.stop(true);
    expect(await httpAnswers(`http://127.0.0.1:${server.port}/ok`)).toBe(false);
  });
});
