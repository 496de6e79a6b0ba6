import { describe, expect, test } from "bun:test";
import { UsageError } from "./errors.ts";
import { MAX_GENERATE_COUNT, parseGenerateArgs } from "./generate-args.ts";

describe("parseGenerateArgs", () => {
  test("defaults: seed 1, the kind's topic, local brokers, no rate, start left to the generator", () => {
    const args = parseGenerateArgs(["logins", "--count", "10"]);
    expect(args.kind.name).toBe("logins");
    expect(args).toMatchObject({ count: 10, seed: 1, target: { to: "kafka", topic: "user-login", brokers: ["127.0.0.1:9092"] } });
    expect(args.rate).toBeUndefined();
    expect(args.start).toBeUndefined();
  });

  test("every option; KAFKA_BROKERS when --brokers is absent", () => {
    const args = parseGenerateArgs(["logins", "--count=5", "--rate", "0.5", "--seed=-3", "--start", "1700000000", "--topic", "t1"], { KAFKA_BROKERS: "a:1, b:2" });
    expect(args).toMatchObject({ count: 5, rate: 0.5, seed: -3, start: 1_700_000_000, target: { to: "kafka", topic: "t1", brokers: ["a:1", "b:2"] } });
    expect(parseGenerateArgs(["logins", "--count", "1", "--brokers", "h:9"], { KAFKA_BROKERS: "a:1" }).target).toMatchObject({ brokers: ["h:9"] });
  });

  test("--output - writes NDJSON to stdout instead", () => {
    expect(parseGenerateArgs(["logins", "--count", "1", "--output", "-"]).target).toEqual({ to: "stdout" });
  });

  const bad: [string, string[], RegExp][] = [
    ["no kind", ["--count", "1"], /generate needs a kind: logins, employees, payments/],
    ["unknown kind", ["trades", "--count", "1"], /unknown kind 'trades' \(known kinds: logins, employees, payments\)/],
    ["no --count", ["logins"], /--count is required/],
    ["count 0", ["logins", "--count", "0"], /--count must be an integer from 1 to 100000000/],
    ["count too big", ["logins", "--count", String(MAX_GENERATE_COUNT + 1)], /--count must be/],
    ["count not an integer", ["logins", "--count", "1e3"], /--count must be/],
    ["rate 0", ["logins", "--count", "1", "--rate", "0"], /--rate must be a number of records per second above 0/],
    ["rate not a number", ["logins", "--count", "1", "--rate", "fast"], /--rate must be/],
    ["seed not an integer", ["logins", "--count", "1", "--seed", "1.5"], /--seed must be an integer/],
    ["start negative", ["logins", "--count", "1", "--start=-1"], /--start must be an integer from 0/],
    ["bad brokers", ["logins", "--count", "1", "--brokers", "localhost"], /--brokers must be host:port/],
    ["empty topic", ["logins", "--count", "1", "--topic", ""], /--topic must not be empty/],
    ["output to a file", ["logins", "--count", "1", "--output", "x.ndjson"], /--output takes only -/],
    ["topic with --output -", ["logins", "--count", "1", "--output", "-", "--topic", "t"], /do not apply with --output -/],
    ["unknown option", ["logins", "--count", "1", "--speed", "3"], /speed/],
  ];
  for (const [name, argv, message] of bad) {
    test(`${name} → UsageError`, () => {
      expect(() => parseGenerateArgs(argv)).toThrow(UsageError);
      expect(() => parseGenerateArgs(argv)).toThrow(message);
    });
  }

  test("a bad KAFKA_BROKERS says where the value came from", () => {
    expect(() => parseGenerateArgs(["logins", "--count", "1"], { KAFKA_BROKERS: "nope" })).toThrow(/KAFKA_BROKERS/);
  });
});
