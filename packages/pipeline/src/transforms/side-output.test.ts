import { describe, expect, test } from "bun:test";
import { pipeline } from "../model/pipeline.ts";
import { memorySink, runInMemory } from "../runners/in-memory.ts";
import { map } from "./map.ts";
import { sideOutput } from "./side-output.ts";

type Parsed = { ok: true; n: number } | { ok: false; raw: string };
const isBad = (p: Parsed): p is Extract<Parsed, { ok: false }> => !p.ok;
const parse = (s: string): Parsed => (/^\d+$/.test(s) ? { ok: true, n: Number(s) } : { ok: false, raw: s });

describe("sideOutput", () => {
  test("writes the selected elements to their own sink and passes the others on, narrowed", async () => {
    const errors = memorySink<Extract<Parsed, { ok: false }>>();
    const run = await runInMemory(
      (s) =>
        pipeline
          .from<string>(s)
          .apply(map(parse))
          .apply(sideOutput(isBad, errors))
          .apply(map((p) => p.n * 2)), // p is narrowed to the valid case
      [["1", "x", "3"], ["4"]],
    );
    expect(run.output).toEqual([2, 6, 8]);
    expect(errors.writes).toEqual([{ batchId: "batch-0", items: [{ ok: false, raw: "x" }] }]);
    expect(run.acked).toEqual(["batch-0", "batch-1"]);
  });

  test("a failing side sink fails the batch (nothing is acknowledged), and the retry writes again", async () => {
    const errors = memorySink<Extract<Parsed, { ok: false }>>();
    errors.fail(1, Object.assign(new Error("errors table down"), { retriable: true }));
    const run = await runInMemory(
      (s) => pipeline.from<string>(s).apply(map(parse)).apply(sideOutput(isBad, errors)),
      [["x", "2"]],
      { retry: { retries: 2, initialRetryTime: 1 } },
    );
    expect(errors.writes).toHaveLength(1);
    expect(run.acked).toEqual(["batch-0"]);
  });
});

describe("onWritten", () => {
  test("runs after the sink wrote, once per successful attempt, never for a failed one", async () => {
    const events: string[] = [];
    const sink = memorySink<number>();
    sink.fail(1, Object.assign(new Error("down"), { retriable: true }));
    const original = sink.write.bind(sink);
    sink.write = async (items, ctx) => {
      events.push("write");
      await original(items, ctx);
    };
    await runInMemory(
      (s) =>
        pipeline.from<number>(s).apply((items, ctx) => {
          ctx.onWritten(() => events.push(`counted ${items.length}`));
          return items;
        }),
      [[1, 2]],
      { retry: { retries: 2, initialRetryTime: 1 }, sink },
    );
    expect(events).toEqual(["write", "write", "counted 2"]);
  });
});
