import { describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { createLogger } from "./logger.ts";
import { serve } from "./serve.ts";

const quiet = createLogger("test", "error", () => {});

describe("serve", () => {
  test("shutdown stops accepting, runs hooks in order, and exits 0", async () => {
    const app = new Hono().get("/", (c) => c.text("hi"));
    const calls: string[] = [];
    let exitCode: number | undefined;
    const { server, shutdown } = serve(app, {
      port: 0,
      hostname: "127.0.0.1",
      logger: quiet,
      signals: [],
      exit: (code) => (exitCode = code),
      onShutdown: [
        { name: "consumer", run: async () => void calls.push("consumer") },
        { name: "broken", run: () => { throw new Error("x"); } },
        { name: "kafka", run: async () => void calls.push("kafka") },
      ],
    });
    const url = server.url.toString();
    expect(await (await fetch(url)).text()).toBe("hi");
    await shutdown("test");
    expect(calls).toEqual(["consumer", "kafka"]);
    expect(exitCode).toBe(0);
    await expect(fetch(url)).rejects.toThrow();
  });

  test("a hook that hangs cannot block exit past the timeout", async () => {
    let exitCode: number | undefined;
    const { shutdown } = serve(new Hono(), {
      port: 0,
      hostname: "127.0.0.1",
      logger: quiet,
      signals: [],
      shutdownTimeoutMs: 50,
      exit: (code) => (exitCode = code),
      onShutdown: [{ name: "hang", run: () => new Promise(() => {}) }],
    });
    await shutdown("test");
    expect(exitCode).toBe(0);
  });
});
