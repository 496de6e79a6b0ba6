import { describe, expect, test } from "bun:test";
import { isRetriable, PipelineError } from "../../errors.ts";
import { batchHeartbeat, isMembershipLost, MembershipLostError } from "./batch-heartbeat.ts";

describe("batchHeartbeat", () => {
  test("beats in the background while a batch runs, and stops when told", async () => {
    let beats = 0;
    const hb = batchHeartbeat(async () => void beats++, 10);
    await Bun.sleep(55);
    hb.stop();
    const seen = beats;
    expect(seen).toBeGreaterThanOrEqual(3);
    await Bun.sleep(40);
    expect(beats).toBe(seen);
  });

  test("a failed beat means the membership is gone: retriable, never the batch's fault, and sticky", async () => {
    const kafkajs = Object.assign(new Error("The coordinator is not aware of this member"), { retriable: false, type: "UNKNOWN_MEMBER_ID" });
    let calls = 0;
    const hb = batchHeartbeat(async () => {
      calls++;
      throw kafkajs;
    }, 60_000);
    const first = await hb.heartbeat().catch((e: unknown) => e);
    expect(first).toBeInstanceOf(MembershipLostError);
    expect(isRetriable(first)).toBe(true); // the kafkajs error said retriable: false — that would have dead-lettered the batch
    expect((first as Error).message).toContain("not aware of this member");
    expect(await hb.heartbeat().catch((e: unknown) => e)).toBe(first);
    expect(calls).toBe(1);
    hb.stop();
  });

  test("isMembershipLost sees through wrapping errors", () => {
    const lost = new MembershipLostError(new Error("x"));
    expect(isMembershipLost(new PipelineError("read failed", { cause: lost }))).toBe(true);
    expect(isMembershipLost(new PipelineError("read failed", { cause: new Error("disk") }))).toBe(false);
  });
});
