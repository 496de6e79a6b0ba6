import { describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Component } from "./components.ts";
import { StackError } from "./errors.ts";
import { portIsFree } from "./preflight.ts";
import { isAlive, readPid } from "./processes.ts";
import { httpAnswers } from "./readiness.ts";
import { findServer, startServer, stopServer } from "./server-control.ts";

/** A free loopback port (the OS picks it). */
function freePort(): number {
  const s = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
  const p = s.port!;
  s.stop(true);
  return p;
}

/**
 * A real server process standing in for Kafka: it answers HTTP only after `delayMs` (as a JVM takes
 * a while) and counts its starts in a data file, which a stop must leave in place.
 */
function fakeServer(stackDir: string, delayMs = 700): Component & { port: number; data: string } {
  const port = freePort();
  const data = join(stackDir, "fake", "data.txt");
  const script = `const f=${JSON.stringify(data)};const n=Number(await Bun.file(f).exists()?await Bun.file(f).text():0)+1;await Bun.write(f,String(n));await Bun.sleep(${delayMs});Bun.serve({port:${port},hostname:"127.0.0.1",fetch:()=>new Response("ok")});`;
  return {
    name: "fake",
    address: `127.0.0.1:${port}`,
    ports: [port],
    check: "",
    readyTimeoutMs: 10_000,
    // The stack folder on the command line is the marker that makes the pid file trusted.
    prepare: async () => ["bun", "-e", script, stackDir],
    probe: () => httpAnswers(`http://127.0.0.1:${port}/`),
    port,
    data,
  };
}

describe("stack stop|start <server>", () => {
  test("start waits until the server answers; stop ends it, frees its ports and keeps its data; start again reuses it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tally-server-control-"));
    const c = fakeServer(dir);
    const t0 = Date.now();
    expect(await startServer(c, dir)).toBe("started");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(700); // it waited for the answer, not just the spawn
    expect(await c.probe()).toBe(true);
    const pid = readPid(join(dir, "fake", "fake.pid"))!;
    expect(isAlive(pid)).toBe(true);
    expect(await startServer(c, dir)).toBe("already");
    expect(readPid(join(dir, "fake", "fake.pid"))).toBe(pid);

    expect(await stopServer(c, dir, 5000)).toBe(true);
    expect(isAlive(pid)).toBe(false);
    expect(await portIsFree(c.port)).toBe(true);
    expect(existsSync(join(dir, "fake", "fake.pid"))).toBe(false);
    expect(readFileSync(c.data, "utf8")).toBe("1");
    expect(await stopServer(c, dir, 5000)).toBe(false);

    expect(await startServer(c, dir)).toBe("started");
    expect(readFileSync(c.data, "utf8")).toBe("2"); // same data folder, one more start
    expect(await stopServer(c, dir, 5000)).toBe(true);
  }, 30_000);

  test("start refuses a port someone else holds, naming it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tally-server-control-"));
    const c = fakeServer(dir);
    const squatter = Bun.serve({ port: c.port, hostname: "127.0.0.1", fetch: () => new Response() });
    try {
      await expect(startServer(c, dir)).rejects.toThrow(`port ${c.port} is already in use (needed by fake)`);
    } finally {
      squatter.stop(true);
    }
  });

  test("a server that dies while starting is an error pointing at its output", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tally-server-control-"));
    const c = { ...fakeServer(dir), prepare: async () => ["sh", "-c", "echo boom; exit 3", dir] };
    const err = await startServer(c, dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StackError);
    expect((err as StackError).message).toBe("fake exited during start-up");
    expect(readFileSync((err as StackError).hint!, "utf8")).toContain("boom");
  });

  test("findServer names the valid servers", () => {
    expect(findServer("kafka").name).toBe("kafka");
    expect(() => findServer("zookeeper")).toThrow('unknown server "zookeeper" (one of: cassandra, kafka, prometheus, node-exporter)');
    expect(() => findServer(undefined)).toThrow("which server? (one of: cassandra, kafka, prometheus, node-exporter)");
  });
});

