import type { Decimal } from "@tally/decimal";
import { parseJsonNumberRate, parseRateText, rateCardError, type RateCard } from "./rate.ts";

/**
 * Parses a flat JSON object of task → rate. A small scanner instead of JSON.parse, because
 * JSON.parse turns numbers into floats before we could see their digits.
 */
export function parseJsonRateCard(text: string): RateCard {
  const rates = new Map<string, Decimal>();
  let pos = 0;
  const fail = (what: string): never => rateCardError(`JSON at line ${lineAt(text, pos)}: ${what}`);
  const skip = () => {
    while (pos < text.length && /\s/.test(text[pos]!)) pos++;
  };
  const expect = (ch: string) => {
    skip();
    if (text[pos] !== ch) fail(`expected '${ch}'`);
    pos++;
  };
  const readString = (): string => {
    skip();
    const m = /^"(?:[^"\\\u0000-\u001f]|\\.)*"/.exec(text.slice(pos));
    if (!m) return fail("expected a string");
    pos += m[0].length;
    return JSON.parse(m[0]) as string;
  };

  expect("{");
  skip();
  if (text[pos] === "}") pos++;
  else {
    for (;;) {
      const task = readString();
      expect(":");
      skip();
      let rate: Decimal | null;
      if (text[pos] === '"') {
        const value = readString();
        rate = parseRateText(value);
        if (!rate) fail(`rate for ${task} is not a non-negative decimal: ${JSON.stringify(value)}`);
      } else {
        const m = /^-?[0-9][0-9.eE+-]*/.exec(text.slice(pos));
        if (!m) return fail(`rate for ${task} must be a number or a decimal string`);
        pos += m[0].length;
        rate = parseJsonNumberRate(m[0]);
        if (!rate) fail(`rate for ${task} is not a non-negative decimal: ${m[0]}`);
      }
      if (rates.has(task)) fail(`rate for ${task} given twice`);
      rates.set(task, rate!);
      skip();
      if (text[pos] === ",") {
        pos++;
        continue;
      }
      expect("}");
      break;
    }
  }
  skip();
  if (pos < text.length) fail("unexpected text after the object");
  return rates;
}

function lineAt(text: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
