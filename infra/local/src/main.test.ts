import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const MAIN = join(import.meta.dir, "main.ts");

/** Runs `bun run stack …` as a real process against an empty, private .stack folder. */
function stack(args: string[], env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "tally-stack-"));
  const res = Bun.spawnSync(["bun", MAIN, ...args], { env: { ...process.env, TALLY_STACK_DIR: dir, ...env }, stdout: "pipe", stderr: "pipe" });
  return { code: res.exitCode, out: res.stdout.toString(), err: res.stderr.toString() };
}

describe("stack CLI errors are one clear line and a non-zero exit", () => {
  test("Java missing", () => {
    const r = stack(["up"], { JAVA_HOME: "/nonexistent-jdk" });
    expect(r.code).toBe(1);
    expect(r.err.trim()).toMatch(/^stack: error: Java not found \(\/nonexistent-jdk\/bin\/java\)/);
    expect(r.err.trim().split("\n")).toHaveLength(1);
  });
  test("unknown command prints usage", () => {
    const r = stack(["sideways"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("usage: bun run stack up | down | status | bootstrap | stop <server> | start <server>");
  });
  test("stop/start of an unknown or missing server names the valid ones", () => {
    for (const args of [["stop", "zookeeper"], ["start", "zookeeper"]]) {
      const r = stack(args);
      expect(r.code).toBe(1);
      expect(r.err.trim()).toBe('stack: error: unknown server "zookeeper" (one of: cassandra, kafka, prometheus, node-exporter)');
    }
    expect(stack(["stop"]).err.trim()).toBe("stack: error: which server? (one of: cassandra, kafka, prometheus, node-exporter)");
  }, 30_000);
  test("bootstrap with nothing answering is one clear line and exit 1", () => {
    const r = stack(["bootstrap"], { TALLY_STACK_PORT_OFFSET: "40000" });
    expect(r.code).toBe(1);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err.trim()).toMatch(/^stack: error: cannot apply the (schema|topics): nothing answers on 127\.0\.0\.1:(49042|49092) \(bun run stack up starts the stack\)$/);
  }, 60_000);
  test("stop of a server that is not running says so and succeeds", () => {
    // A private folder and ports far from the shared stack's, so nothing real is touched.
    const r = stack(["stop", "prometheus"], { TALLY_STACK_PORT_OFFSET: "40000" });
    expect(r.code).toBe(0);
    expect(r.err.trim()).toBe("stack: prometheus was not running");
  }, 30_000);
  test("logs of an unknown server names the valid ones", () => {
    const r = stack(["logs", "zookeeper"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('unknown server "zookeeper" (one of: cassandra, kafka, prometheus, node-exporter)');
  });
});
