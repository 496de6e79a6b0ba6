import { describe, expect, test } from "bun:test";
import { PoisonError } from "@tally/pipeline";
import { parseLoginEvent } from "./login-event.ts";

const SAMPLE = '{"user_id":"424cdd21-063a-43a7-b91b-7ca1a833afae","app_version":"2.3.0","device_type":"android","ip":"199.172.111.135","locale":"RU","device_id":"593-47-5928","timestamp":"1694479551"}';

const kind = (text: string) => {
  try {
    parseLoginEvent(text);
    return "ok";
  } catch (e) {
    return e instanceof PoisonError ? `${e.kind}: ${e.message}` : String(e);
  }
};

describe("parseLoginEvent", () => {
  test("the seed's sample record", () => {
    expect(parseLoginEvent(SAMPLE)).toEqual({ eventMs: 1_694_479_551_000, deviceType: "android", locale: "RU" });
  });

  test("a timestamp may be a number; missing or empty device type and locale count as unknown", () => {
    expect(parseLoginEvent('{"timestamp":1694479551,"locale":""}')).toEqual({ eventMs: 1_694_479_551_000, deviceType: "unknown", locale: "unknown" });
    expect(parseLoginEvent('{"timestamp":"0","device_type":null,"locale":"US"}')).toMatchObject({ deviceType: "unknown", locale: "US" });
  });

  test("refuses what it cannot count, with a reason and a kind", () => {
    expect(kind("not json")).toBe("not_json: not JSON");
    expect(kind("[1,2]")).toBe("not_object: not a JSON object");
    expect(kind('"text"')).toBe("not_object: not a JSON object");
    expect(kind("{}")).toBe("bad_timestamp: timestamp is missing");
    expect(kind('{"timestamp":"1694479551.5"}')).toMatch(/^bad_timestamp: timestamp is not an integer/);
    expect(kind('{"timestamp":1694479551.5}')).toMatch(/^bad_timestamp/);
    expect(kind('{"timestamp":"yesterday"}')).toMatch(/^bad_timestamp/);
    expect(kind('{"timestamp":"-5"}')).toBe("bad_timestamp: timestamp out of range: -5");
    expect(kind('{"timestamp":"999999999999999"}')).toMatch(/out of range/);
    expect(kind('{"timestamp":"1","device_type":{"os":"ios"}}')).toBe("bad_field: device_type is not a string, number or boolean");
    expect(parseLoginEvent('{"timestamp":"1","device_type":7,"locale":true}')).toMatchObject({ deviceType: "7", locale: "true" });
    expect(kind(`{"timestamp":"1","locale":"${"x".repeat(300)}"}`)).toBe("bad_field: locale is longer than 256 characters");
  });
});
