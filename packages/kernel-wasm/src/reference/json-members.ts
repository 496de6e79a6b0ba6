/**
 * Top-level members of a JSON object text that JSON.parse has already accepted, with each value's
 * source text (number keys count "as written", which JSON.parse alone would lose). Nested values and
 * string contents are stepped over, never searched. A repeated name: the last one wins, as in JSON.parse.
 */

export type MemberKind = "string" | "number" | "bool" | "null" | "container";

export interface Member {
  kind: MemberKind;
  /** Source text of the value (strings include their quotes). */
  raw: string;
}

/** Index just past the string whose opening quote is at `i`. */
function skipString(t: string, i: number): number {
  i++;
  while (t[i] !== '"') i += t[i] === "\\" ? 2 : 1;
  return i + 1;
}

/** Index just past the value starting at `i` (text is known to be valid JSON). */
function skipValue(t: string, i: number): number {
  const c = t[i];
  if (c === '"') return skipString(t, i);
  if (c === "{" || c === "[") {
    let depth = 0;
    for (;;) {
      const d = t[i];
      if (d === '"') {
        i = skipString(t, i);
        continue;
      }
      if (d === "{" || d === "[") depth++;
      else if (d === "}" || d === "]") {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
  }
  SCALAR.lastIndex = i;
  SCALAR.exec(t);
  return SCALAR.lastIndex;
}

/** A number or literal: everything up to the next delimiter (sticky, so no substring copies). */
const SCALAR = /[^ \t\r\n,}\]]+/y;

function skipWs(t: string, i: number): number {
  for (;;) {
    const c = t.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10) return i;
    i++;
  }
}

function kindOf(raw: string): MemberKind {
  const c = raw[0];
  if (c === '"') return "string";
  if (c === "{" || c === "[") return "container";
  if (raw === "null") return "null";
  if (raw === "true" || raw === "false") return "bool";
  return "number";
}

/** Members of the (valid) JSON object text `t`. */
export function topLevelMembers(t: string): Map<string, Member> {
  const out = new Map<string, Member>();
  let i = skipWs(t, 0) + 1; // past '{'
  for (;;) {
    i = skipWs(t, i);
    if (t[i] === "}") return out;
    if (t[i] === ",") i = skipWs(t, i + 1);
    const nameEnd = skipString(t, i);
    const name = JSON.parse(t.slice(i, nameEnd)) as string;
    i = skipWs(t, skipWs(t, nameEnd) + 1); // past ':'
    const end = skipValue(t, i);
    const raw = t.slice(i, end);
    out.set(name, { kind: kindOf(raw), raw });
    i = end;
  }
}
