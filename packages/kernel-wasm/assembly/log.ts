// Whitespace-separated log lines: fields by position, separated by runs of spaces or tabs.
import { maxColumn } from "./state";
import { nextNewline } from "./scan";
import { setSpan, KIND_RAW } from "./spans";
import { INCOMPLETE, setRecord, setBlank } from "./record";

// @ts-ignore: decorator
@inline function isBlank(c: u8): bool {
  return c == 32 || c == 9;
}

/** Parses the line at `p` (< end). Returns INCOMPLETE, BLANK or PARSED (see record.ts). */
export function parseLogRecord(p: usize, end: usize, eof: bool): i32 {
  const lf = nextNewline(p, end);
  if (lf >= end && !eof) return INCOMPLETE;
  const next = lf >= end ? end : lf + 1;
  const len = lf - p;
  const ce = len > 0 && load<u8>(lf - 1) == 13 ? lf - 1 : lf;
  if (ce == p) return setBlank(next);
  const maxCol = maxColumn;
  let field = 0;
  let i = p;
  while (true) {
    while (i < ce && isBlank(load<u8>(i))) i++;
    if (i >= ce) break;
    const fs = i;
    while (i < ce && !isBlank(load<u8>(i))) i++;
    if (field <= maxCol) setSpan(field, fs, i - fs, KIND_RAW);
    field++;
  }
  return setRecord(next, len, 0, field, 0);
}
