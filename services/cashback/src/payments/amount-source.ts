/**
 * The exact source text of a record's top-level numeric `amount`: JSON.parse would turn
 * 503.3000000000000001 into 503.3 and hide that it is over-precise. The fast path finds the one
 * `"amount": <number>` token in the raw text; when that is ambiguous (escapes, nested or repeated
 * keys) the record is parsed again with a reviver that sees each number's source.
 */
const AMOUNT_TOKEN = /"amount"\s*:\s*(-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;

/** The source text of `parsed.amount` (a number) in `text`, the JSON `parsed` came from. */
export function amountSource(text: string, parsed: Record<string, unknown>): string {
  if (!text.includes("\\")) {
    const matches = [...text.matchAll(AMOUNT_TOKEN)];
    if (matches.length === 1) return matches[0]![1]!;
  }
  // Slow path: remember each holder's `amount` source; the top-level one belongs to the root.
  const sources = new Map<object, string>();
  const root = JSON.parse(text, function (this: object, key: string, value: unknown, context?: { source?: string }) {
    if (key === "amount" && typeof value === "number" && context?.source !== undefined) sources.set(this, context.source);
    return value;
  }) as object;
  return sources.get(root) ?? String(parsed.amount);
}
