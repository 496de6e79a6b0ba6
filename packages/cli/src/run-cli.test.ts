/** runCli in-process with an injected IO and a small in-test aggregator: progress, output plumbing, exit codes. */
import { describe, expect, test } from "bun:test";
import { KernelLoadError, type AggregateResult, type Aggregator } from "@tally/kernel-wasm";
import { withProgress } from "./input.ts";
import type { CliIo } from "./io.ts";
import { EXIT, runCli } from "./run-cli.ts";

function fakeIo(aggregator: () => Aggregator, stdin: Uint8Array[] = [], tty = false) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: async (t) => void out.push(typeof t === "string" ? t : new TextDecoder().decode(t)),
    stderr: (t) => void err.push(t),
    stderrIsTTY: tty,
    stdin: async function* () {
      yield* stdin;
    },
    loadKernel: async () => ({ createAggregator: aggregator, engine: "wasm simd" }),
  };
  return { io, out, err };
}

/** Returns canned groups in a scrambled order, and remembers how many bytes it was fed. */
function cannedAggregator(groups: AggregateResult["groups"], fed: { bytes: number }): Aggregator {
  return {
    push: (c) => void (fed.bytes += c.byteLength),
    finish: () => ({ groups, records: groups.length, rejectedCount: 12, rejections: [{ line: 2, reason: "bad decimal" }], bytes: fed.bytes }),
  };
}

describe("runCli", () => {
  test("sorts the kernel's groups and prints sums at the requested scale", async () => {
    const fed = { bytes: 0 };
    const { io, out, err } = fakeIo(() => cannedAggregator([{ key: ["b"], count: 1, sum: 5n }, { key: ["a"], count: 2, sum: -1234n }], fed), [new Uint8Array(7)]);
    const code = await runCli(["aggregate", "-", "--format", "ndjson", "--key", "k", "--sum", "v", "--scale", "3", "--output", "jsonl"], io);
    expect(code).toBe(EXIT.ok);
    expect(out.join("")).toBe('{"key":["a"],"count":2,"sum":"-1.234"}\n{"key":["b"],"count":1,"sum":"0.005"}\n');
    expect(fed.bytes).toBe(7);
    // One listed rejection, eleven more counted by the kernel but beyond its list cap.
    expect(err.join("")).toContain("line 2: bad decimal");
    expect(err.join("")).toContain("11 more rejected");
  });

  test("every output format sorts by UTF-8 bytes, element by element (astral after high BMP; prefix first)", async () => {
    const groups = [
      { key: ["\u{1F600}", "x"], count: 1, sum: 1n },
      { key: ["a", "b"], count: 2, sum: 2n },
      { key: ["\uFF5E", "x"], count: 3, sum: 3n },
      { key: ["a", ""], count: 4, sum: 4n },
    ];
    const run = async (output: string) => {
      const { io, out } = fakeIo(() => cannedAggregator(groups, { bytes: 0 }));
      await runCli(["aggregate", "-", "--format", "ndjson", "--key", "k,l", "--sum", "v", "--output", output], io);
      return out.join("").trimEnd().split("\n");
    };
    expect(await run("csv")).toEqual(["k,l,count,sum", "a,,4,0.04", "a,b,2,0.02", "\uFF5E,x,3,0.03", "\u{1F600},x,1,0.01"]);
    expect((await run("jsonl")).map((l) => JSON.parse(l).count)).toEqual([4, 2, 3, 1]);
    expect((await run("table")).slice(2).map((l) => l.split(/ +/).at(-2))).toEqual(["4", "2", "3", "1"]);
  });

  test("a kernel that throws unexpectedly is an internal error (exit 3), reported in one line", async () => {
    const { io, err } = fakeIo(() => ({
      push: () => {
        throw new TypeError("boom");
      },
      finish: () => {
        throw new Error("unreachable");
      },
    }), [new Uint8Array(1)]);
    expect(await runCli(["aggregate", "-", "--format", "csv", "--key", "k"], io)).toBe(EXIT.internal);
    expect(err).toEqual(["tally: boom\n"]);
  });

  test("no WASM kernel built: exit 1 with the loader's one line (run `bun run build`), nothing on stdout", async () => {
    const { io, out, err } = fakeIo(() => cannedAggregator([], { bytes: 0 }), [new Uint8Array(1)]);
    const notBuilt = "kernel not built: run `bun run build` (packages/kernel-wasm/build/ is missing)";
    io.loadKernel = async () => {
      throw new KernelLoadError(notBuilt);
    };
    expect(await runCli(["aggregate", "-", "--format", "csv", "--key", "k"], io)).toBe(EXIT.input);
    expect(err).toEqual([`tally: ${notBuilt}\n`]);
    expect(out).toEqual([]);
  });

  test("table output escapes control characters in keys so rows stay on one line", async () => {
    const { io, out } = fakeIo(() => cannedAggregator([{ key: ["a\nb"], count: 1 }], { bytes: 0 }));
    await runCli(["aggregate", "-", "--format", "ndjson", "--key", "k"], io);
    expect(out.join("").split("\n")).toEqual(["k     count", "────  ─────", "a\\nb      1", ""]);
  });
});

describe("progress", () => {
  test("shown on a TTY for large inputs only, and cleared at the end", async () => {
    const { io, err } = fakeIo(() => cannedAggregator([], { bytes: 0 }), [], true);
    async function* chunks() {
      for (let i = 0; i < 3; i++) {
        await Bun.sleep(300);
        yield new Uint8Array(1000);
      }
    }
    for await (const _ of withProgress({ name: "x", chunks: chunks(), size: 3000 }, io, 1000));
    expect(err.some((e) => e.includes("%"))).toBe(true);
    expect(err.at(-1)).toBe("\r\x1b[K");

    const quiet = fakeIo(() => cannedAggregator([], { bytes: 0 }), [], false);
    for await (const _ of withProgress({ name: "x", chunks: chunks(), size: 3000 }, quiet.io, 1000));
    expect(quiet.err).toEqual([]);
  });
});
