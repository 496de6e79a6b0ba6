// Applies one parsed record (see record.ts): reject it or count it into its group, then move past it.
import { MAX_RECORD } from "./layout";
import { REASON_TOO_LONG } from "../src/constants";
import { line, addLines, advance, countAccepted, reject } from "./state";
import { recNext, recLen, recNewlines, recBad } from "./record";
import { accept, ACCEPT_FULL } from "./accept";

/** Returns false (and changes nothing) when the group table is full. */
// @ts-ignore: decorator
@inline export function commit(): bool {
  let reason = recLen > MAX_RECORD ? REASON_TOO_LONG : recBad;
  if (reason == 0) {
    reason = accept();
    if (reason == ACCEPT_FULL) return false;
  }
  if (reason == 0) countAccepted();
  else reject(line, reason);
  addLines(1 + recNewlines);
  advance(recNext);
  return true;
}
