import { describe, expect, test } from "bun:test";
import { MicroBatcher, type Schedule } from "./micro-batcher.ts";

/** A hand-driven clock: timers fire only when the test advances time. */
class FakeClock {
  now = 0;
  private timers: { at: number; fn: () => void; live: boolean }[] = [];
  schedule: Schedule = (fn, ms) => {
    const t = { at: this.now + ms, fn, live: true };
    this.timers.push(t);
    return () => {
      t.live = false;
    };
  };
  advance(ms: number): void {
    this.now += ms;
    const due = this.timers.filter((t) => t.live && t.at <= this.now);
    this.timers = this.timers.filter((t) => t.live && t.at > this.now);
    for (const t of due) t.fn();
  }
  get armed(): number {
    return this.timers.filter((t) => t.live).length;
  }
}

/** A send that records its batches and answers each item with "<item>@<batch number>". */
function recorder() {
  const batches: string[][] = [];
  const send = async (items: string[]) => {
    batches.push(items);
    return items.map((i) => `${i}@${batches.length}`);
  };
  return { batches, send };
}

const flushed = () => new Promise((r) => setTimeout(r, 0));

describe("MicroBatcher", () => {
  test("concurrent callers within the linger share one send and each get their own results", async () => {
    const clock = new FakeClock();
    const { batches, send } = recorder();
    const b = new MicroBatcher(send, { lingerMs: 2, maxItems: 100, maxBytes: 1e6, sizeOf: (s: string) => s.length, schedule: clock.schedule });
    const one = b.add(["a"]);
    clock.advance(1);
    const two = b.add(["b", "c"]);
    const three = b.add(["d"]);
    await flushed();
    expect(batches).toEqual([]); // still lingering
    clock.advance(1);
    expect(await one).toEqual(["a@1"]);
    expect(await two).toEqual(["b@1", "c@1"]);
    expect(await three).toEqual(["d@1"]);
    expect(batches).toEqual([["a", "b", "c", "d"]]);
  });

  test("the item cap sends at once, without waiting for the linger, and cancels the timer", async () => {
    const clock = new FakeClock();
    const { batches, send } = recorder();
    const b = new MicroBatcher(send, { lingerMs: 5, maxItems: 3, maxBytes: 1e6, sizeOf: () => 1, schedule: clock.schedule });
    const results = Promise.all([b.add(["a"]), b.add(["b"]), b.add(["c"]), b.add(["d"])]);
    expect(batches).toEqual([["a", "b", "c"]]);
    expect(b.pending).toBe(1);
    clock.advance(5);
    expect(await results).toEqual([["a@1"], ["b@1"], ["c@1"], ["d@2"]]);
    expect(batches).toEqual([["a", "b", "c"], ["d"]]);
    expect(clock.armed).toBe(0);
  });

  test("one caller's items larger than the caps are split over several sends and reassembled in order", async () => {
    const clock = new FakeClock();
    const { batches, send } = recorder();
    const b = new MicroBatcher(send, { lingerMs: 1, maxItems: 2, maxBytes: 1e6, sizeOf: () => 1, schedule: clock.schedule });
    const all = b.add(["a", "b", "c", "d", "e"]);
    clock.advance(1);
    expect(await all).toEqual(["a@1", "b@1", "c@2", "d@2", "e@3"]);
  });

  test("the byte cap: an item that would pass it starts a new batch; an oversized item goes alone", async () => {
    const clock = new FakeClock();
    const { batches, send } = recorder();
    const b = new MicroBatcher(send, { lingerMs: 1, maxItems: 100, maxBytes: 10, sizeOf: (s: string) => s.length, schedule: clock.schedule });
    const r = Promise.all([b.add(["aaaa"]), b.add(["bbbb"]), b.add(["cccc"]), b.add(["x".repeat(50)]), b.add(["d"])]);
    clock.advance(1);
    await r;
    expect(batches).toEqual([["aaaa", "bbbb"], ["cccc"], ["x".repeat(50)], ["d"]]);
  });

  test("a failed send rejects every caller in it; callers in other batches are unaffected", async () => {
    const clock = new FakeClock();
    let calls = 0;
    const b = new MicroBatcher(
      async (items: string[]) => {
        if (++calls === 1) throw new Error("broker down");
        return items;
      },
      { lingerMs: 1, maxItems: 2, maxBytes: 1e6, sizeOf: () => 1, schedule: clock.schedule },
    );
    const first = b.add(["a", "b"]);
    const second = b.add(["c"]);
    clock.advance(1);
    await expect(first).rejects.toThrow("broker down");
    expect(await second).toEqual(["c"]);
  });

  test("a per-item Error fails only its caller", async () => {
    const clock = new FakeClock();
    const b = new MicroBatcher(async (items: string[]) => items.map((i) => (i === "big" ? new Error("too large") : i)), {
      lingerMs: 1,
      maxItems: 10,
      maxBytes: 1e6,
      sizeOf: () => 1,
      schedule: clock.schedule,
    });
    const ok = b.add(["a"]);
    const bad = b.add(["b", "big"]);
    const ok2 = b.add(["c"]);
    clock.advance(1);
    expect(await ok).toEqual(["a"]);
    await expect(bad).rejects.toThrow("too large");
    expect(await ok2).toEqual(["c"]);
  });

  test("a send answering the wrong number of results fails the batch instead of misattributing offsets", async () => {
    const clock = new FakeClock();
    const b = new MicroBatcher(async (items: string[]) => items.slice(1), { lingerMs: 1, maxItems: 10, maxBytes: 1e6, sizeOf: () => 1, schedule: clock.schedule });
    const r = b.add(["a", "b"]);
    clock.advance(1);
    await expect(r).rejects.toThrow("send returned 1 results for 2 items");
  });

  test("drain sends what is queued and waits for sends in flight", async () => {
    const clock = new FakeClock();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const sent: string[][] = [];
    const b = new MicroBatcher(
      async (items: string[]) => {
        await gate;
        sent.push(items);
        return items;
      },
      { lingerMs: 1000, maxItems: 10, maxBytes: 1e6, sizeOf: () => 1, schedule: clock.schedule },
    );
    const r = b.add(["a"]);
    let drained = false;
    const d = b.drain().then(() => (drained = true));
    await flushed();
    expect(drained).toBe(false);
    release();
    await d;
    expect(sent).toEqual([["a"]]);
    expect(await r).toEqual(["a"]);
    expect(clock.armed).toBe(0);
  });

  test("an empty add resolves at once and sends nothing", async () => {
    const { batches, send } = recorder();
    const b = new MicroBatcher(send, { lingerMs: 1, maxItems: 10, maxBytes: 10, sizeOf: () => 1, schedule: new FakeClock().schedule });
    expect(await b.add([])).toEqual([]);
    expect(batches).toEqual([]);
  });
});

describe("MicroBatcher with maxInFlight", () => {
  test("a due batch waits while the limit is reached, keeps growing, and goes as soon as a send completes", async () => {
    const clock = new FakeClock();
    const gates: (() => void)[] = [];
    const batches: string[][] = [];
    const b = new MicroBatcher(
      async (items: string[]) => {
        batches.push(items);
        await new Promise<void>((r) => gates.push(r));
        return items;
      },
      { lingerMs: 0, maxItems: 100, maxBytes: 1e6, maxInFlight: 1, sizeOf: () => 1, schedule: clock.schedule },
    );
    const first = b.add(["a"]);
    clock.advance(0);
    expect(batches).toEqual([["a"]]); // nothing in flight: a lone item goes after the linger
    const later = [b.add(["b"]), b.add(["c"])];
    clock.advance(0);
    const more = b.add(["d"]);
    expect(batches).toEqual([["a"]]); // held: one send in flight
    gates[0]!();
    await first;
    await flushed();
    expect(batches).toEqual([["a"], ["b", "c", "d"]]);
    gates[1]!();
    expect(await Promise.all([...later, more])).toEqual([["b"], ["c"], ["d"]]);
  });

  test("a batch that reaches a cap goes even at the limit", async () => {
    const clock = new FakeClock();
    const batches: string[][] = [];
    const b = new MicroBatcher(
      async (items: string[]) => {
        batches.push(items);
        return new Promise<string[]>(() => {}); // never completes
      },
      { lingerMs: 0, maxItems: 2, maxBytes: 1e6, maxInFlight: 1, sizeOf: () => 1, schedule: clock.schedule },
    );
    void b.add(["a"]);
    clock.advance(0);
    void b.add(["b", "c"]);
    expect(batches).toEqual([["a"], ["b", "c"]]);
  });
});

describe("MicroBatcher waitedMs", () => {
  test("each send learns how long its oldest item queued", async () => {
    const clock = new FakeClock();
    const waited: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const b = new MicroBatcher(
      async (items: string[], waitedMs: number) => {
        waited.push(waitedMs);
        if (waited.length === 1) await gate;
        return items;
      },
      { lingerMs: 0, maxItems: 10, maxBytes: 1e6, maxInFlight: 1, sizeOf: () => 1, schedule: clock.schedule, now: () => clock.now },
    );
    const a = b.add(["a"]);
    clock.advance(0);
    const later = b.add(["b"]); // queued at 0, held behind the send in flight
    clock.advance(0);
    clock.advance(400);
    release();
    await a;
    await later;
    expect(waited).toEqual([0, 400]);
  });
});
