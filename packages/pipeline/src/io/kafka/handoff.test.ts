import { describe, expect, test } from "bun:test";
import { Handoff } from "./handoff.ts";

describe("Handoff", () => {
  test("a pusher waits until the puller settles its value", async () => {
    const h = new Handoff<number>();
    let settled = false;
    const pushed = h.push(1).then(() => void (settled = true));
    const next = await h.pull();
    expect(next?.value).toBe(1);
    await Bun.sleep(1);
    expect(settled).toBe(false);
    next!.settle();
    await pushed;
    expect(settled).toBe(true);
  });

  test("pull waits for a push; values keep their order", async () => {
    const h = new Handoff<string>();
    const first = h.pull();
    void h.push("a");
    void h.push("b");
    expect((await first)?.value).toBe("a");
    expect((await h.pull())?.value).toBe("b");
  });

  test("close releases pushers and ends pulling", async () => {
    const h = new Handoff<number>();
    const pushed = h.push(1);
    h.close();
    await pushed;
    expect(await h.pull()).toBeUndefined();
    await h.push(2); // resolves at once after close
  });

  test("abort ends a waiting pull; fail makes it reject", async () => {
    const h = new Handoff<number>();
    const controller = new AbortController();
    const pending = h.pull(controller.signal);
    controller.abort();
    expect(await pending).toBeUndefined();
    const failing = h.pull();
    h.fail(new Error("crashed"));
    await expect(failing).rejects.toThrow("crashed");
  });
});
