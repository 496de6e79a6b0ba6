import { lastNumberValue, numberEnd } from "./json-number-scan.ts";
import { containerEnd, currentCharShift, FAIL, isSpace, literalEnd, resetCharShift, stringEnd } from "./json-skip.ts";
import { internedDate } from "./interned-dates.ts";
import { learnedField, learnKey, matchKey } from "./learned-keys.ts";
import { fieldOf, ProjectedEmployee, REFUSED, setField, UNWANTED } from "./projected-employee.ts";
import { utf8Bytes } from "./utf8-bytes.ts";

/**
 * The records of a POST /process body as `ProjectedEmployee`s, read in one pass over the text that
 * checks all of it as JSON.parse would but builds only the fields readEmployee reads (JSON.parse
 * builds every name, city and id: most of a 100-record request's cost) — or `null`, "cannot project",
 * whenever the answer might differ from `parseEmployees`'s: text that is not valid JSON, a top
 * level that is not an array, an element that is not an object, more than `maxRecords` elements, a
 * wanted field twice in a record, a wanted key or string value with an escape, a wanted
 * field holding an object or array, a `__proto__` key, or 16 number characters in a row anywhere
 * (parse-employees.ts's MAYBE_LONG_NUMBER: the body needs the exact-text parse). The caller then runs
 * `parseEmployees`, which gives the answer or the error.
 */
export function projectEmployees(text: string, maxRecords: number): ProjectedEmployee[] | null {
  const { bytes, view, length } = utf8Bytes(text);
  resetCharShift();
  let i = 0;
  while (isSpace(bytes[i]!)) i++;
  if (bytes[i] !== 91) return null;
  do i++;
  while (isSpace(bytes[i]!));
  const records: ProjectedEmployee[] = [];
  if (bytes[i] === 93) i++;
  else {
    for (;;) {
      if (bytes[i] !== 123) return null;
      const record = new ProjectedEmployee();
      i = readRecord(bytes, view, i + 1, record, text);
      if (i === FAIL || records.push(record) > maxRecords) return null;
      while (isSpace(bytes[i]!)) i++;
      if (bytes[i] === 93) {
        i++;
        break;
      }
      if (bytes[i] !== 44) return null;
      do i++;
      while (isSpace(bytes[i]!));
    }
  }
  while (isSpace(bytes[i]!)) i++;
  return i === length ? records : null;
}

/** Reads the members of the object whose `{` is just before `i` into `record`: past its `}`, or FAIL. */
function readRecord(bytes: Uint8Array, view: DataView, i: number, record: ProjectedEmployee, text: string): number {
  let c = bytes[i]!;
  while (isSpace(c)) c = bytes[++i]!;
  if (c === 125) return i + 1;
  let seen = 0;
  for (let slot = 0; ; slot++) {
    if (c !== 34) return FAIL;
    const from = i + 1;
    let field: number;
    const learned = matchKey(view, from, slot);
    if (learned !== 0) {
      field = learnedField(slot);
      i = from + learned;
    } else {
      const shift = currentCharShift();
      const end = stringEnd(bytes, view, from, false);
      if (end === FAIL) return FAIL;
      field = fieldOf(bytes, from, end);
      i = end + 1;
      while (isSpace(bytes[i]!)) i++;
      if (bytes[i] !== 58) return FAIL;
      i++;
      // A learned key is skipped without reading it: only ASCII ones, which leave charShift alone.
      if (currentCharShift() === shift) learnKey(view, from, i - from, slot, field);
    }
    c = bytes[i]!;
    while (isSpace(c)) c = bytes[++i]!;
    if (field === UNWANTED) {
      // Strings and numbers are most of what the reader passes over: no call for them.
      if (c === 34) i = (i = stringEnd(bytes, view, i + 1, true)) === FAIL ? FAIL : i + 1;
      else if (c === 45 || (c >= 48 && c <= 57)) i = numberEnd(bytes, i);
      else if (c === 123 || c === 91) i = containerEnd(bytes, view, i);
      else i = literalEnd(bytes, i);
    } else {
      if (field === REFUSED || (seen & (1 << field)) !== 0) return FAIL;
      seen |= 1 << field;
      // The value: a string without escapes, a number, true, false or null (a container: give up).
      const shift = currentCharShift();
      let value: unknown;
      if (c === 34) {
        const end = stringEnd(bytes, view, i + 1, false);
        if (end === FAIL) return FAIL;
        value = (end - i === 11 && internedDate(bytes, i + 1)) || text.slice(i + 1 - shift, end - currentCharShift());
        i = end + 1;
      } else if (c === 45 || (c >= 48 && c <= 57)) {
        const end = numberEnd(bytes, i);
        if (end === FAIL) return FAIL;
        value = lastNumberValue(text, i - shift, end - i);
        i = end;
      } else {
        i = literalEnd(bytes, i);
        value = c === 110 ? null : c === 116;
      }
      setField(record, field, value);
    }
    if (i === FAIL) return FAIL;
    c = bytes[i]!;
    while (isSpace(c)) c = bytes[++i]!;
    if (c === 125) return i + 1;
    if (c !== 44) return FAIL;
    do c = bytes[++i]!;
    while (isSpace(c));
  }
}
