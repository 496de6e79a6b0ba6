import { existsSync, readFileSync } from "node:fs";
import { DEFAULT_RULES, parseRulesText, type CashbackRules } from "./cashback-rules.ts";

/**
 * Reads the rules file once at startup. A missing file is only allowed when it is the default
 * path (then the original's rules apply); any problem throws (a RulesError names the field).
 */
export function readRulesFile(path: string, isDefaultPath: boolean): CashbackRules {
  if (!existsSync(path)) {
    if (isDefaultPath) return DEFAULT_RULES;
    throw new Error(`no such file: ${path}`);
  }
  return parseRulesText(readFileSync(path, "utf8"));
}
