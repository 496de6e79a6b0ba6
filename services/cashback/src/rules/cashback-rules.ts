import { compareDecimals, formatDecimal, parseDecimal, parseJsonNumber, type Decimal } from "@tally/decimal";
import { RulesError } from "../errors.ts";

/**
 * The cashback rules in force, as exact decimals. Defaults are the original's (seed 004):
 * `amount > 500` at `merch_1` or `merch_3` earns 15 %, no cap.
 */
export interface CashbackRules {
  /** A payment is eligible only when its amount is strictly greater than this. */
  readonly threshold: Decimal;
  /** Merchants whose payments can earn cashback. */
  readonly eligibleMerchants: readonly string[];
  /** Cashback in percent of the amount (15 means 15 %). */
  readonly percentage: Decimal;
  /** Per-merchant percentages overriding `percentage` (each merchant must be eligible). */
  readonly merchantPercentages: ReadonlyMap<string, Decimal>;
  /** Most cashback one transaction can earn, or null for no cap. */
  readonly capPerTransaction: Decimal | null;
}

/** The rules file's JSON shape (also what GET /rules answers): decimals as strings. */
export interface RulesJson {
  threshold: string;
  eligible_merchants: string[];
  percentage: string;
  merchant_percentages: Record<string, string>;
  cap_per_transaction: string | null;
}

/** The original's rules: amount > 500 at merch_1 or merch_3 earns 15 %. */
export const DEFAULT_RULES: CashbackRules = {
  threshold: { units: 500n, scale: 0 },
  eligibleMerchants: ["merch_1", "merch_3"],
  percentage: { units: 15n, scale: 0 },
  merchantPercentages: new Map(),
  capPerTransaction: null,
};

const FIELDS = ["threshold", "eligible_merchants", "percentage", "merchant_percentages", "cap_per_transaction"];
/** Money in rules has cents at most, like payment amounts. */
const MONEY_SCALE = 2;
/** Percentages may be fractional (12.5 %), within reason. */
const PERCENT_SCALE = 6;
const HUNDRED: Decimal = { units: 100n, scale: 0 };

/**
 * Validates a parsed rules document (numbers given as their JSON source text or as strings, see
 * `parseRulesText`) into CashbackRules. Throws a RulesError naming the first bad field.
 */
export function parseRules(doc: unknown): CashbackRules {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new RulesError("(root)", "expected a JSON object");
  const o = doc as Record<string, unknown>;
  for (const key of Object.keys(o)) if (!FIELDS.includes(key)) throw new RulesError(key, `unknown field; expected ${FIELDS.join(", ")}`);
  const threshold = decimalField("threshold", o.threshold, MONEY_SCALE);
  const eligibleMerchants = merchantList(o.eligible_merchants);
  const percentage = percentField("percentage", o.percentage);
  const merchantPercentages = new Map<string, Decimal>();
  if (o.merchant_percentages !== undefined) {
    const m = o.merchant_percentages;
    if (typeof m !== "object" || m === null || Array.isArray(m)) throw new RulesError("merchant_percentages", "expected an object {merchant: percentage}");
    for (const [merchant, value] of Object.entries(m)) {
      const field = `merchant_percentages.${merchant}`;
      if (!eligibleMerchants.includes(merchant)) throw new RulesError(field, "merchant is not in eligible_merchants");
      merchantPercentages.set(merchant, percentField(field, value));
    }
  }
  let capPerTransaction: Decimal | null = null;
  if (o.cap_per_transaction !== undefined && o.cap_per_transaction !== null) {
    capPerTransaction = decimalField("cap_per_transaction", o.cap_per_transaction, MONEY_SCALE);
  }
  return { threshold, eligibleMerchants, percentage, merchantPercentages, capPerTransaction };
}

/** The rules as JSON (decimal strings), the shape of the rules file and of GET /rules. */
export function rulesToJson(rules: CashbackRules): RulesJson {
  return {
    threshold: formatDecimal(rules.threshold),
    eligible_merchants: [...rules.eligibleMerchants],
    percentage: formatDecimal(rules.percentage),
    merchant_percentages: Object.fromEntries([...rules.merchantPercentages].map(([m, p]) => [m, formatDecimal(p)])),
    cap_per_transaction: rules.capPerTransaction === null ? null : formatDecimal(rules.capPerTransaction),
  };
}

/**
 * Parses rules file text. JSON numbers are kept as their source text (never a float), so
 * `"percentage": 12.5` and `"percentage": "12.5"` mean the same exact value.
 */
export function parseRulesText(text: string): CashbackRules {
  let doc: unknown;
  try {
    doc = JSON.parse(text, (_key, value: unknown, context?: { source?: string }) =>
      typeof value === "number" ? new JsonNumberText(context?.source ?? String(value)) : value,
    );
  } catch (error) {
    throw new RulesError("(root)", `not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseRules(doc);
}

/** A JSON number as its source text, so decimals in the rules file never pass through a float. */
class JsonNumberText {
  constructor(readonly source: string) {}
}

/** A value as its rules-file text, for error messages. */
function shown(value: unknown): string {
  return value instanceof JsonNumberText ? value.source : JSON.stringify(value);
}

function decimalField(field: string, value: unknown, maxScale: number): Decimal {
  if (value === undefined) throw new RulesError(field, "is required");
  const d =
    typeof value === "string" ? parseDecimal(value, { signed: false })
    : value instanceof JsonNumberText ? parseJsonNumber(value.source, maxScale)
    : null;
  if (d === null || d.units < 0n) throw new RulesError(field, `expected a non-negative decimal with at most ${maxScale} fraction digits, got ${shown(value)}`);
  if (d.scale > maxScale) throw new RulesError(field, `expected at most ${maxScale} fraction digits, got ${shown(value)}`);
  return d;
}

function percentField(field: string, value: unknown): Decimal {
  const d = decimalField(field, value, PERCENT_SCALE);
  if (d.units === 0n || compareDecimals(d, HUNDRED) > 0) throw new RulesError(field, `expected a percentage above 0 and at most 100, got ${shown(value)}`);
  return d;
}

function merchantList(value: unknown): string[] {
  const field = "eligible_merchants";
  if (value === undefined) throw new RulesError(field, "is required");
  if (!Array.isArray(value) || value.length === 0) throw new RulesError(field, "expected a non-empty array of merchant ids");
  const seen = new Set<string>();
  for (const [i, m] of value.entries()) {
    if (typeof m !== "string" || m === "") throw new RulesError(`${field}[${i}]`, `expected a non-empty string, got ${shown(m)}`);
    if (seen.has(m)) throw new RulesError(`${field}[${i}]`, `duplicate merchant ${JSON.stringify(m)}`);
    seen.add(m);
  }
  return [...seen];
}
