import { describe, expect, test } from "bun:test";
import { GenerateProduceError } from "@tally/generate";
import { GenerationLimitError } from "./errors.ts";
import { FakeGenerationRunner } from "./fake-generation-runner.ts";
import { Generations, type GenerationParams } from "./generations.ts";

const PARAMS: GenerationParams = { kind: "logins", count: 100, seed: 1, start: 1_700_000_000, topic: "user-login" };

function setup(options: ConstructorParameters<typeof Generations>[1] = {}) {
  const runner = new FakeGenerationRunner();
  let n = 0;
  const generations = new Generations(runner, { newId: () => `g${++n}`, now: () => new Date("2026-12-01T00:00:00Z"), ...options });
  return { runner, generations };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("Generations", () => {
  test("start answers at once with a running view; progress and the end show in get()", async () => {
    const { runner, generations } = setup();
    const view = await generations.start(PARAMS);
    expect(view).toEqual({
      id: "g1", kind: "logins", count: 100, seed: 1, start: 1_700_000_000, rate: null, topic: "user-login",
      status: "running", sent: 0, total: 100, ratePerSec: 0, startedAt: "2026-12-01T00:00:00.000Z",
    });
    runner.step(40);
    expect(generations.get("g1")).toMatchObject({ status: "running", sent: 40 });
    runner.finish();
    await tick();
    expect(generations.get("g1")).toMatchObject({ status: "done", sent: 100, finishedAt: "2026-12-01T00:00:00.000Z" });
    expect(generations.get("nope")).toBeUndefined();
  });

  test("one at a time: a second start while one runs is GenerationLimitError naming it", async () => {
    const { runner, generations } = setup();
    await generations.start(PARAMS);
    const second = generations.start(PARAMS);
    await expect(second).rejects.toBeInstanceOf(GenerationLimitError);
    await expect(second).rejects.toThrow("a generation is already running (g1)");
    runner.finish();
    await tick();
    expect((await generations.start(PARAMS)).id).toBe("g2");
  });

  test("concurrent starts cannot both pass while the topic check is awaited", async () => {
    const { generations } = setup();
    const results = await Promise.allSettled([generations.start(PARAMS), generations.start(PARAMS)]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
  });

  test("a failed topic check starts nothing and frees the slot", async () => {
    const { runner, generations } = setup();
    runner.checkError = new GenerateProduceError("unknown_topic", "topic x does not exist on the broker", 0);
    await expect(generations.start(PARAMS)).rejects.toThrow("topic x does not exist");
    expect(generations.list()).toEqual([]);
    runner.checkError = undefined;
    expect((await generations.start(PARAMS)).status).toBe("running");
  });

  test("a run that fails is failed, with its error", async () => {
    const { runner, generations } = setup();
    await generations.start(PARAMS);
    runner.step(10);
    runner.fail(new GenerateProduceError("unavailable", "Kafka is unavailable: gone", 10));
    await tick();
    expect(generations.get("g1")).toMatchObject({ status: "failed", sent: 10, error: "Kafka is unavailable: gone" });
  });

  test("cancel stops a running one (cancelled, sent as far as it got); a finished one stays as it was", async () => {
    const { runner, generations } = setup();
    await generations.start(PARAMS);
    runner.step(30);
    expect(await generations.cancel("g1")).toMatchObject({ status: "cancelled", sent: 30 });
    expect(await generations.cancel("g1")).toMatchObject({ status: "cancelled" });
    expect(await generations.cancel("nope")).toBeUndefined();
  });

  test("cancelAll stops every running generation and waits for them (shutdown)", async () => {
    const { generations } = setup({ maxRunning: 2 });
    await generations.start(PARAMS);
    await generations.start(PARAMS);
    await generations.cancelAll();
    expect(generations.list().map((g) => g.status)).toEqual(["cancelled", "cancelled"]);
  });

  test("remembers the last `keep`, newest first", async () => {
    const { runner, generations } = setup({ keep: 3 });
    for (let i = 0; i < 5; i++) {
      await generations.start(PARAMS);
      runner.finish();
      await tick();
    }
    expect(generations.list().map((g) => g.id)).toEqual(["g5", "g4", "g3"]);
  });

  test("observeRecords hears each acknowledged increment", async () => {
    const { runner, generations } = setup();
    const heard: number[] = [];
    generations.observeRecords((_, n) => heard.push(n));
    await generations.start(PARAMS);
    runner.step(10);
    runner.step(15);
    runner.finish();
    expect(heard).toEqual([10, 15, 75]);
  });
});
