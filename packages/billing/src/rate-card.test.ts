import { describe, expect, test } from "bun:test";
import { formatDecimal } from "@tally/decimal";
import { InputError } from "@tally/pipeline";
import { parseJsonNumberRate } from "./rate.ts";
import { parseRateCard } from "./rate-card.ts";
import { SEED_DATA } from "../../../test/fixtures/seed-data.ts";

const asText = (card: ReturnType<typeof parseRateCard>) => Object.fromEntries([...card].map(([k, v]) => [k, formatDecimal(v)]));

describe("rate cards", () => {
  test("reads the seed's RATE_<task>= lines exactly", async () => {
    const text = await Bun.file(`${SEED_DATA}/distributed_billing_aggregation/rates.env`).text();
    expect(asText(parseRateCard(text))).toEqual({
      login: "0.005",
      getUserProfile: "0.002",
      createOrder: "0.010",
      updateInventory: "0.008",
      deleteOrder: "0.007",
    });
  });

  test("env: skips other settings, comments, blank lines; handles export, quotes and CRLF", () => {
    const card = parseRateCard('ENVIRONMENT=local\r\n# rates\r\n\r\nexport RATE_a="0.5"\r\nRATE_b = 2 # per ms\r\nSPARK_URL=spark://x:7077\r\n');
    expect(asText(card)).toEqual({ a: "0.5", b: "2" });
  });

  test("env: rejects bad values with their line number", () => {
    expect(() => parseRateCard("RATE_a=0.1\nRATE_b=-0.2")).toThrow(/line 2: rate for b/);
    expect(() => parseRateCard("RATE_a=1e-3")).toThrow(InputError);
    expect(() => parseRateCard("RATE_a=1\nRATE_a=2")).toThrow(/given twice/);
    expect(() => parseRateCard("RATE_a")).toThrow(/expected NAME=value/);
  });

  test("JSON: numbers are taken by their text, strings as decimals", () => {
    const card = parseRateCard('{ "login": 0.005, "createOrder": "0.010", "x": 5e-3, "y": 1E2, "z": 0.1 }');
    expect(asText(card)).toEqual({ login: "0.005", createOrder: "0.010", x: "0.005", y: "100", z: "0.1" });
    expect(card.get("z")).toEqual({ units: 1n, scale: 1 });
  });

  test("JSON: more digits than a double holds survive", () => {
    const card = parseRateCard('{"t": 0.12345678901234567890123}');
    expect(formatDecimal(card.get("t")!)).toBe("0.12345678901234567890123");
  });

  test("JSON: empty object, escapes in names", () => {
    expect(parseRateCard("{}").size).toBe(0);
    expect([...parseRateCard('{"a\\"b": 1}').keys()]).toEqual(['a"b']);
  });

  test("JSON: rejects negatives, nesting, garbage and duplicates", () => {
    expect(() => parseRateCard('{"a": -1}')).toThrow(/rate for a/);
    expect(() => parseRateCard('{"a": {"b": 1}}')).toThrow(InputError);
    expect(() => parseRateCard('{"a": true}')).toThrow(InputError);
    expect(() => parseRateCard('{"a": 1, "a": 2}')).toThrow(/given twice/);
    expect(() => parseRateCard('{"a": 1} x')).toThrow(/after the object/);
    expect(() => parseRateCard('{"a": 1,\n "b" 2}')).toThrow(/line 2/);
    expect(() => parseRateCard('{"a": "1e3"}')).toThrow(InputError);
  });

  test("JSON number grammar", () => {
    expect(parseJsonNumberRate("01")).toBeNull();
    expect(parseJsonNumberRate("1.")).toBeNull();
    expect(parseJsonNumberRate("12.5e1")).toEqual({ units: 125n, scale: 0 });
    expect(parseJsonNumberRate("12.5e-1")).toEqual({ units: 125n, scale: 2 });
  });
});
