import { describe, expect, test } from "bun:test";
import { MissingTopics } from "./missing-topics.ts";

describe("MissingTopics", () => {
  test("a refused topic is missing for the window, then asked about again", () => {
    let now = 10_000;
    const missing = new MissingTopics(1000, () => now);
    expect(missing.isMissing("payments")).toBe(false);
    missing.remember("payments");
    expect(missing.isMissing("payments")).toBe(true);
    expect(missing.isMissing("user-login")).toBe(false);
    now += 999;
    expect(missing.isMissing("payments")).toBe(true);
    now += 1;
    expect(missing.isMissing("payments")).toBe(false);
  });

  test("a new refusal restarts the window", () => {
    let now = 0;
    const missing = new MissingTopics(1000, () => now);
    missing.remember("t");
    now = 900;
    missing.remember("t");
    now = 1500;
    expect(missing.isMissing("t")).toBe(true);
    now = 1900;
    expect(missing.isMissing("t")).toBe(false);
  });
});
