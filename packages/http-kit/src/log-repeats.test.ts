import { describe, expect, test } from "bun:test";
import { repeatLimiter } from "./log-repeats.ts";

describe("repeatLimiter", () => {
  test("the first line goes out, repeats within the window are held back and counted on the next one out", () => {
    let t = 0;
    const allow = repeatLimiter(10_000, () => t);
    expect(allow("kafkajs.Connection: Connection error")).toEqual({ write: true, suppressed: 0 });
    for (let i = 0; i < 140; i++) {
      t += 70;
      expect(allow("kafkajs.Connection: Connection error")).toEqual({ write: false });
    }
    expect(allow("kafkajs.Consumer: Crash")).toEqual({ write: true, suppressed: 0 }); // another line is not held back
    t = 10_000;
    expect(allow("kafkajs.Connection: Connection error")).toEqual({ write: true, suppressed: 140 });
    t = 10_001;
    expect(allow("kafkajs.Connection: Connection error")).toEqual({ write: false });
  });

  test("quiet keys are forgotten; a line after a quiet spell goes out with nothing to report", () => {
    let t = 0;
    const allow = repeatLimiter(1000, () => t);
    for (let i = 0; i < 500; i++) allow(`line ${i}`);
    t = 5000;
    expect(allow("line 7")).toEqual({ write: true, suppressed: 0 });
  });
});
