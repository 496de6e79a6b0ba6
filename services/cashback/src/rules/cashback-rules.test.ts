import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { DEFAULT_RULES, parseRulesText, rulesToJson } from "./cashback-rules.ts";
import { readRulesFile } from "./read-rules-file.ts";

const REPO_RULES = join(import.meta.dir, "../../../../config/cashback-rules.json");

/** The RulesError message of a rules document, or "ok". */
const problem = (doc: unknown) => {
  try {
    parseRulesText(typeof doc === "string" ? doc : JSON.stringify(doc));
    return "ok";
  } catch (error) {
    return (error as Error).message;
  }
};

const valid = { threshold: "500", eligible_merchants: ["merch_1", "merch_3"], percentage: "15" };

describe("rules file", () => {
  test("config/cashback-rules.json holds the original's rules, which are also the defaults", () => {
    expect(rulesToJson(readRulesFile(REPO_RULES, false))).toEqual(rulesToJson(DEFAULT_RULES));
    expect(rulesToJson(DEFAULT_RULES)).toEqual({
      threshold: "500",
      eligible_merchants: ["merch_1", "merch_3"],
      percentage: "15",
      merchant_percentages: {},
      cap_per_transaction: null,
    });
  });

  test("a missing file is the defaults only at the default path", () => {
    expect(readRulesFile("/nonexistent/rules.json", true)).toBe(DEFAULT_RULES);
    expect(() => readRulesFile("/nonexistent/rules.json", false)).toThrow("no such file: /nonexistent/rules.json");
  });

  test("numbers and strings mean the same exact decimal; numbers never pass through a float", () => {
    const rules = parseRulesText('{"threshold": 500.10, "eligible_merchants": ["m"], "percentage": 12.345678, "cap_per_transaction": 1e2}');
    expect(rulesToJson(rules)).toMatchObject({ threshold: "500.10", percentage: "12.345678", cap_per_transaction: "100" });
  });

  test("each bad field is named in one line", () => {
    expect(problem(valid)).toBe("ok");
    expect(problem("{nope")).toStartWith("(root): not valid JSON");
    expect(problem([1])).toBe("(root): expected a JSON object");
    expect(problem({ ...valid, threshhold: "1" })).toStartWith("threshhold: unknown field");
    expect(problem({ ...valid, threshold: undefined })).toBe("threshold: is required");
    expect(problem({ ...valid, threshold: "-1" })).toStartWith("threshold: expected a non-negative decimal");
    expect(problem({ ...valid, threshold: "1.005" })).toStartWith("threshold: expected");
    expect(problem({ ...valid, threshold: "five hundred" })).toStartWith("threshold: expected a non-negative decimal");
    expect(problem({ ...valid, eligible_merchants: [] })).toBe("eligible_merchants: expected a non-empty array of merchant ids");
    expect(problem({ ...valid, eligible_merchants: ["a", 3] })).toBe("eligible_merchants[1]: expected a non-empty string, got 3");
    expect(problem({ ...valid, eligible_merchants: ["a", "a"] })).toBe('eligible_merchants[1]: duplicate merchant "a"');
    expect(problem({ ...valid, percentage: "0" })).toStartWith("percentage: expected a percentage above 0 and at most 100");
    expect(problem({ ...valid, percentage: "100.5" })).toStartWith("percentage: expected a percentage above 0 and at most 100");
    expect(problem({ ...valid, percentage: 15 })).toBe("ok");
    expect(problem({ ...valid, merchant_percentages: { merch_9: "5" } })).toBe("merchant_percentages.merch_9: merchant is not in eligible_merchants");
    expect(problem({ ...valid, merchant_percentages: { merch_1: "abc" } })).toStartWith("merchant_percentages.merch_1: expected");
    expect(problem({ ...valid, merchant_percentages: ["merch_1"] })).toStartWith("merchant_percentages: expected an object");
    expect(problem({ ...valid, cap_per_transaction: "ten" })).toStartWith("cap_per_transaction: expected");
    expect(problem({ ...valid, cap_per_transaction: null })).toBe("ok");
  });
});
