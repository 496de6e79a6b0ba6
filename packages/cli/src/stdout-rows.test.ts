import { describe, expect, test } from "bun:test";
import type { CliIo } from "./io.ts";
import { stdoutRows } from "./stdout-rows.ts";

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** An io whose stdoutNow takes `takes[i]` bytes on its i-th call (all when absent) and whose stdout() resolves on the next tick. */
function fakeIo(takes: number[] | null) {
  const now: string[] = [];
  const later: string[] = [];
  let calls = 0;
  const io = {
    stdout: async (data: string | Uint8Array) => {
      await new Promise((r) => setTimeout(r, 1));
      later.push(typeof data === "string" ? data : decoder.decode(data));
    },
    ...(takes
      ? {
          stdoutNow: (data: Uint8Array) => {
            const n = Math.min(data.length, takes[calls++] ?? data.length);
            now.push(decoder.decode(data.subarray(0, n)));
            return n;
          },
        }
      : {}),
  } as unknown as CliIo;
  return { io, now, later, all: () => now.join("") + later.join("") };
}

/** A piece in a reused buffer, as the kernel hands them: overwritten after write() returns. */
function pieces(rows: RowSink["write"], texts: string[]): void {
  const buffer = new Uint8Array(64);
  for (const t of texts) {
    buffer.set(encoder.encode(t));
    rows(buffer.subarray(0, t.length));
    buffer.fill(0x21);
  }
}
type RowSink = ReturnType<typeof stdoutRows>;

describe("stdoutRows", () => {
  test("written at once when stdout takes everything: the header first, nothing queued", async () => {
    const f = fakeIo([]);
    const rows = stdoutRows(f.io, "csv", "company,count\n");
    pieces(rows.write, ["a,1\n", "b,2\n"]);
    await rows.end();
    expect(f.now.join("")).toBe("company,count\na,1\nb,2\n");
    expect(f.later).toEqual([]);
  });

  test("when stdout would block, the rest and every later piece are copied and written in order", async () => {
    const f = fakeIo([100, 2, 100]);
    const rows = stdoutRows(f.io, "jsonl", "");
    pieces(rows.write, ["{\"a\":1}\n", "{\"b\":2}\n", "{\"c\":3}\n"]);
    expect(f.now).toEqual(['{"a":1}\n', '{"']);
    await rows.end();
    expect(f.all()).toBe('{"a":1}\n{"b":2}\n{"c":3}\n');
  });

  test("without stdoutNow every piece is copied and goes through stdout()", async () => {
    const f = fakeIo(null);
    const rows = stdoutRows(f.io, "csv", "k,count\n");
    pieces(rows.write, ["x,1\n", "y,2\n"]);
    await rows.end();
    expect(f.later.join("")).toBe("k,count\nx,1\ny,2\n");
  });

  test("no rows: end() still writes the header", async () => {
    const f = fakeIo([]);
    const rows = stdoutRows(f.io, "csv", "k,count\n");
    await rows.end();
    expect(f.all()).toBe("k,count\n");
  });

  test("a failed queued write rejects end()", async () => {
    const io = {
      stdoutNow: () => 0,
      stdout: async () => {
        throw Object.assign(new Error("broken pipe"), { code: "EPIPE" });
      },
    } as unknown as CliIo;
    const rows = stdoutRows(io, "jsonl", "");
    rows.write(encoder.encode("{}\n"));
    await expect(rows.end()).rejects.toThrow("broken pipe");
  });
});
