import { describe, expect, test } from "bun:test";
import { logLevel } from "kafkajs";
import { createLogger } from "../logger.ts";
import { repeatLimiter } from "../log-repeats.ts";
import { connectOnce, kafkaLogCreator } from "./kafka.ts";

describe("kafka helpers", () => {
  test("connectOnce shares one attempt and retries after failure", async () => {
    let calls = 0;
    let fail = true;
    const connect = connectOnce(async () => {
      calls++;
      await Bun.sleep(5);
      if (fail) throw new Error("down");
    });
    const first = connect();
    const second = connect();
    expect(second).toBe(first);
    await expect(first).rejects.toThrow("down");
    expect(calls).toBe(1);
    fail = false;
    await connect();
    await connect();
    expect(calls).toBe(2);
  });

  test("kafkaLogCreator writes JSON lines with the namespace", () => {
    const lines: string[] = [];
    const log = kafkaLogCreator(createLogger("t", "debug", (l) => lines.push(l)))(logLevel.WARN);
    log({
      namespace: "Connection",
      level: logLevel.ERROR,
      label: "ERROR",
      log: { timestamp: "x", logger: "kafkajs", message: "Connection error", broker: "b:1" },
    });
    const entry = JSON.parse(lines[0] ?? "{}");
    expect(entry).toMatchObject({ level: "error", msg: "Connection error", component: "kafkajs.Connection", broker: "b:1" });
  });

  test("a broker outage's repeated lines come out once per window, the next one saying how many were held back", () => {
    const lines: string[] = [];
    let t = 0;
    const log = kafkaLogCreator(createLogger("t", "debug", (l) => lines.push(l)), repeatLimiter(10_000, () => t))(logLevel.WARN);
    const entry = { namespace: "Connection", level: logLevel.ERROR, label: "ERROR", log: { timestamp: "x", logger: "kafkajs", message: "Connection error: connect ECONNREFUSED", broker: "b:1" } };
    for (let i = 0; i < 140; i++, t += 70) log(entry); // ~14 a second for 10 s
    expect(lines.length).toBe(1);
    t = 10_000;
    log(entry);
    expect(lines.length).toBe(2);
    expect(JSON.parse(lines[1]!)).toMatchObject({ msg: "Connection error: connect ECONNREFUSED", repeated: 139 });
  });
});
