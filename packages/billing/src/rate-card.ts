import { parseJsonRateCard } from "./rate-card-json.ts";
import type { Decimal } from "@tally/decimal";
import { parseRateText, rateCardError, type RateCard } from "./rate.ts";

const ENV_LINE = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;

/**
 * Parses a rate card: either a JSON object `{ "login": 0.005, "createOrder": "0.010" }` or env lines
 * `RATE_<task>=<rate>` (the original's .env, whose other settings are ignored). Throws `InputError`
 * with the line for malformed rates, negative rates or a task given twice.
 */
export function parseRateCard(text: string): RateCard {
  return text.trimStart().startsWith("{") ? parseJsonRateCard(text) : parseEnvRateCard(text);
}

/** The `RATE_<task>=<rate>` format; blank lines, `#` comments and other variables are skipped. */
export function parseEnvRateCard(text: string): RateCard {
  const rates = new Map<string, Decimal>();
  const lines = text.split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const m = ENV_LINE.exec(line);
    if (!m) rateCardError(`line ${i + 1}: expected NAME=value, got ${JSON.stringify(line)}`);
    const [, name, rawValue] = m as unknown as [string, string, string];
    if (!name.startsWith("RATE_")) continue;
    const task = name.slice("RATE_".length);
    if (task === "") rateCardError(`line ${i + 1}: RATE_ needs a task name`);
    const value = unquote(stripComment(rawValue.trim()));
    const rate = parseRateText(value);
    if (!rate) rateCardError(`line ${i + 1}: rate for ${task} is not a non-negative decimal: ${JSON.stringify(value)}`);
    if (rates.has(task)) rateCardError(`line ${i + 1}: rate for ${task} given twice`);
    rates.set(task, rate);
  }
  return rates;
}

function stripComment(value: string): string {
  if (value.startsWith('"') || value.startsWith("'")) return value;
  const hash = value.indexOf(" #");
  return hash === -1 ? value : value.slice(0, hash).trim();
}

function unquote(value: string): string {
  const q = value[0];
  return (q === '"' || q === "'") && value.length >= 2 && value.endsWith(q) ? value.slice(1, -1) : value;
}

export { parseJsonRateCard };
