import { describe, expect, test } from "bun:test";
import type { CliIo } from "./io.ts";
import { generateProgress, progressLine } from "./generate-progress.ts";

function stderrOf(tty: boolean) {
  const err: string[] = [];
  const io = { stderr: (t: string) => void err.push(t), stderrIsTTY: tty } as CliIo;
  return { io, err };
}

const at = (sent: number) => ({ sent, total: 1000, ratePerSec: 123.4, elapsedSeconds: 1 });

describe("generateProgress", () => {
  test("not a terminal: one full line about once a second", () => {
    const { io, err } = stderrOf(false);
    let t = 0;
    const progress = generateProgress(io, "logins → user-login", () => t);
    for (t = 100; t <= 2500; t += 100) progress.update(at(t / 10));
    progress.done();
    expect(err).toEqual(["logins → user-login: 100 / 1000 (10%), 123 records/s\n", "logins → user-login: 200 / 1000 (20%), 123 records/s\n"]);
  });

  test("a terminal: rewritten in place up to 4 times a second, cleared at the end", () => {
    const { io, err } = stderrOf(true);
    let t = 0;
    const progress = generateProgress(io, "x", () => t);
    for (t = 50; t <= 1000; t += 50) progress.update(at(t));
    progress.done();
    expect(err).toHaveLength(5);
    expect(err[0]).toBe("\rx: 250 / 1000 (25%), 123 records/s\x1b[K");
    expect(err.at(-1)).toBe("\r\x1b[K");
  });

  test("a short run shows nothing", () => {
    const { io, err } = stderrOf(true);
    const progress = generateProgress(io, "x", () => 0);
    progress.update(at(1000));
    progress.done();
    expect(err).toEqual([]);
  });

  test("progressLine", () => {
    expect(progressLine("l", { sent: 1, total: 3, ratePerSec: 0.4, elapsedSeconds: 2 })).toBe("l: 1 / 3 (33%), 0 records/s");
  });
});
