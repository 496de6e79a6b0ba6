/**
 * Per-format rules turning one record into (key, units) or a rejection reason code.
 * Order of checks (the kernel follows the same): record shape, keys in spec order, then the sum.
 */
import * as C from "../constants.ts";
import type { NormalizedSpec } from "../spec.ts";
import { checkUnits } from "./decimal-check.ts";
import { topLevelMembers } from "./json-members.ts";

export type Extracted = { key: string[]; units: bigint } | number;

const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
const encoder = new TextEncoder();

/** What the kernel's UTF-8 key bytes decode to: lone surrogates become U+FFFD. */
function wellFormed(s: string): string {
  return decoder.decode(encoder.encode(s));
}

function sumOf(spec: NormalizedSpec, text: string | undefined): bigint | number {
  if (spec.sum === undefined) return 0n;
  if (text === undefined) return C.REASON_MISSING_SUM;
  const units = checkUnits(text, spec.scale);
  return spec.rejectNegative && typeof units === "bigint" && units < 0n ? C.REASON_NEGATIVE : units;
}

function finish(key: string[], units: bigint | number): Extracted {
  return typeof units === "number" ? units : { key, units };
}

/** CSV: `fields` are the record's decoded fields, `positions` the columns of the keys then the sum. */
export function extractCsv(spec: NormalizedSpec, positions: number[], fields: string[]): Extracted {
  if (positions.some((p) => p >= fields.length)) return C.REASON_MISSING_COLUMN;
  const key = spec.keys.map((_, i) => fields[positions[i]!]!);
  const sumField = spec.sum === undefined ? undefined : fields[positions[spec.keys.length]!];
  return finish(key, sumOf(spec, sumField));
}

/** NDJSON: `line` is the decoded line (not blank, not too long). */
export function extractNdjson(spec: NormalizedSpec, line: string): Extracted {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return C.REASON_BAD_JSON;
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return C.REASON_BAD_JSON;
  const members = topLevelMembers(line);
  const key: string[] = [];
  for (const name of spec.keys) {
    const m = members.get(name as string);
    if (!m || m.kind === "null") return C.REASON_MISSING_KEY;
    if (m.kind === "container") return C.REASON_BAD_KEY;
    key.push(m.kind === "string" && !spec.typed ? wellFormed(JSON.parse(m.raw) as string) : m.raw);
  }
  if (spec.sum === undefined) return { key, units: 0n };
  const s = members.get(spec.sum as string);
  if (!s || s.kind === "null") return C.REASON_MISSING_SUM;
  if (s.kind === "bool" || s.kind === "container" || (s.kind === "string" && spec.typed)) return C.REASON_BAD_DECIMAL;
  return finish(key, sumOf(spec, s.kind === "string" ? (JSON.parse(s.raw) as string) : s.raw));
}

/** Log: `content` is the line without its LF and one trailing CR (not blank). */
export function extractLog(spec: NormalizedSpec, content: Uint8Array): Extracted {
  const fields = decoder.decode(content).split(/[ \t]+/).filter((f) => f !== "");
  const positions = [...spec.keys, ...(spec.sum === undefined ? [] : [spec.sum])] as number[];
  if (spec.fields >= 0 ? fields.length !== spec.fields : positions.some((p) => p >= fields.length)) {
    return C.REASON_FIELD_COUNT;
  }
  const key = spec.keys.map((p) => fields[p as number]!);
  if (spec.sum === undefined) return { key, units: 0n };
  let text = fields[spec.sum as number]!;
  if (spec.suffix !== "") {
    if (!text.endsWith(spec.suffix)) return C.REASON_MISSING_SUFFIX;
    text = text.slice(0, text.length - spec.suffix.length);
  }
  return finish(key, sumOf(spec, text));
}
