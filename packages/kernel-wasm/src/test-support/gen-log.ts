/** fast-check arbitrary for whitespace-separated log lines. */
import fc from "fast-check";
import { decimalText } from "./gen-values.ts";

const token = fc.constantFrom("2025-05-02T23:16:50Z", "user115", "user9", "login", "getOrder", "200", "500", "é", "😀", "a\u000bb");
const sep = fc.constantFrom(" ", "  ", "\t", " \t ");

export const logCaseArb = fc.integer({ min: 0, max: 3 }).chain((scale) =>
  fc.record({
    scale: fc.constant(scale),
    lines: fc.array(
      fc.tuple(fc.oneof({ weight: 3, arbitrary: fc.array(token, { minLength: 4, maxLength: 4 }) }, { weight: 1, arbitrary: fc.array(token, { minLength: 3, maxLength: 6 }) }), decimalText(scale), fc.constantFrom("ms", "ms", "ms", "ms", "", "s", "msms"), sep, fc.constantFrom("\n", "\r\n", "\n\n", " \n"), fc.boolean()).map(
        ([toks, value, suffix, s, eol, lead]) => {
          const fields = [...toks.slice(0, 4), value + suffix, ...toks.slice(4)];
          return (lead ? s : "") + fields.join(s) + eol;
        },
      ),
      { maxLength: 30, size: "medium" },
    ),
  }).map(({ scale, lines }) => ({ scale, text: lines.join("") })),
);
