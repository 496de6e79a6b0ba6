/** fast-check arbitrary for NDJSON lines: escapes, decoys, numbers, bad lines, CRLF, blank lines. */
import fc from "fast-check";
import { decimalText, keyText, trickyText } from "./gen-values.ts";

/** JSON string text for `s`, with some characters re-escaped as \uXXXX or \/ at random. */
const jsonString = (s: fc.Arbitrary<string>) =>
  fc.tuple(s, fc.integer({ min: 0, max: 3 })).map(([v, mode]) => {
    let t = JSON.stringify(v);
    if (mode === 1) t = t.replace(/[a-zé😀]/gu, (c) => [...c].map((u) => "\\u" + u.charCodeAt(0).toString(16).padStart(4, "0")).join("")).replace(/😀/g, "\\ud83d\\ude00");
    if (mode === 2) t = t.replaceAll("/", "\\/");
    return t;
  });

const NAMES = ["device_type", "locale", "amount", "user_id", "ip"];

const scalar = fc.oneof(
  jsonString(keyText),
  fc.constantFrom("true", "false", "null", "0", "-0", "12", "7.50", "1e3", "-2.5E-2", "123456789012345678901234"),
);

/** Nested values that contain same-named members and look-alike text. */
const decoy: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('{"device_type":"decoy","amount":"99"}', '[{"locale":"XX"},"device_type"]', "[]", "{}", '[[[{"amount":1}]]]'),
  jsonString(fc.constantFrom('"device_type":"x"', '{"amount":5}', "\\", "locale")),
);

const ws = fc.constantFrom("", "", " ", "\t", " \r ");

function member(scale: number) {
  return fc.tuple(fc.constantFrom(...NAMES), fc.integer({ min: 0, max: 9 }), ws, ws).chain(([name, kind, a, b]) => {
    const value = name === "amount" && kind < 5 ? fc.oneof(decimalText(scale).map((d) => (kind < 2 ? JSON.stringify(d) : d)), scalar) : kind < 7 ? scalar : decoy;
    return fc.tuple(jsonString(fc.constant(name)), value).map(([n, v]) => `${a}${n}${b}:${a}${v}${b}`);
  });
}

/** The members a spec looks for, usually well-formed. */
function wanted(scale: number) {
  const key = fc.oneof({ weight: 9, arbitrary: jsonString(keyText) }, { weight: 1, arbitrary: scalar });
  const amount = fc.oneof(
    { weight: 5, arbitrary: decimalText(scale) },
    { weight: 3, arbitrary: decimalText(scale).map((d) => JSON.stringify(d)) },
    { weight: 1, arbitrary: fc.oneof(scalar, decoy) },
  );
  const slot = (name: string, value: fc.Arbitrary<string>) =>
    fc.tuple(value, fc.integer({ min: 0, max: 12 })).map(([v, r]) => (r === 0 ? [] : [`"${name}":${v}`]));
  return fc.tuple(slot("device_type", key), slot("locale", key), slot("amount", amount)).map((a) => a.flat());
}

/** A line: a valid object, or one broken in a known way. */
function line(scale: number) {
  const obj = fc
    .tuple(wanted(scale), fc.array(member(scale), { maxLength: 4 }), fc.array(fc.nat(), { minLength: 8, maxLength: 8 }))
    .map(([want, extra, order]) => {
      const ms = [...want, ...extra].map((m, i) => ({ m, o: order[i % 8]! * 16 + i })).sort((a, b) => a.o - b.o);
      return `{${ms.map((x) => x.m).join(",")}}`;
    });
  return fc.tuple(obj, fc.integer({ min: 0, max: 40 }), fc.nat(), fc.constantFrom("\n", "\r\n")).map(([o, r, cut, eol]) => {
    let text = o;
    if (r === 0) text = o.slice(0, cut % Math.max(1, o.length)); // truncated
    if (r === 1) text = `${o},`;
    if (r === 2) text = `[${o}]`;
    if (r === 3) text = o.replace(":", ":\u0001");
    if (r === 4) text = o.replace('"', '"\\x');
    if (r === 5) text = "";
    if (r === 6) text = "  ";
    if (r === 7) text = o.replace(/:(\s*)"/, ':$1"\\ud800');
    if (r === 8) text = "\uFEFF" + o;
    return text + eol;
  });
}

export const ndjsonCaseArb = fc.integer({ min: 0, max: 4 }).chain((scale) =>
  fc.record({
    scale: fc.constant(scale),
    lines: fc.array(line(scale), { minLength: 1, maxLength: 30, size: "medium" }),
    finalNewline: fc.boolean(),
    bom: fc.boolean(),
  }).map(({ scale, lines, finalNewline, bom }) => {
    let text = (bom ? "\uFEFF" : "") + lines.join("");
    if (!finalNewline) text = text.replace(/\r?\n$/, "");
    return { scale, text };
  }),
);

/** Reused for log lines too. */
export { trickyText };
