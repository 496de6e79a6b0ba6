// The shortest way a CSV record reaches the table: one unquoted key span and one unquoted sum span.
import { REASON_NEGATIVE } from "../src/constants";
import { scale, reject, countAccepted, rejectNegative } from "./state";
import { parseShortUnsigned, parseUnitsRest, parsedUnits } from "./decimal";
import { upsertShort, addToEntry } from "./table";

/**
 * Counts one record whose key and sum are unquoted spans: parses the sum (a bad one rejects the
 * record at `line`), then adds it to the key's group. False when the group table is full: the
 * caller hands the record back so JS can drain the table first.
 */
// @ts-ignore: decorator
@inline export function addRawRecord(ks: usize, kl: usize, ss: usize, sl: usize, line: i64): bool {
  // The short unsigned forms never give a negative amount: only the others need that check.
  if (sl == 0 || parseShortUnsigned(ss, sl, scale) != 0) {
    let reason = parseUnitsRest(ss, sl, scale);
    if (reason == 0 && rejectNegative && parsedUnits < 0) reason = REASON_NEGATIVE;
    if (reason != 0) {
      reject(line, reason);
      return true;
    }
  }
  const entry = upsertShort(ks, kl);
  if (entry == 0) return false;
  addToEntry(entry, parsedUnits);
  countAccepted();
  return true;
}
