// The shortest way a CSV record reaches the table: one unquoted key span and one unquoted sum span.
import { REASON_NEGATIVE } from "../src/constants";
import { scale, reject, countAccepted, rejectNegative } from "./state";
import { parseShortUnsigned, parseUnitsRest, parsedUnits } from "./decimal";
import { upsertShort, addToEntry } from "./table";
import { routing, routeRecord } from "./route";
import { SCRATCH_BASE } from "./layout";
import { copyCsvEscaped } from "./unescape";

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
  if (routing) {
    if (!routeRecord(ks, kl, parsedUnits)) return false;
    countAccepted();
    return true;
  }
  const entry = upsertShort(ks, kl);
  if (entry == 0) return false;
  addToEntry(entry, parsedUnits);
  countAccepted();
  return true;
}

/**
 * addRawRecord for a key that is a quoted field, `"` at ks and at ks + kl - 1 (the index passes only
 * blocks whose quotes sit where RFC 4180 puts them, so a quote inside is one of a doubled pair): the
 * key is the bytes between the quotes, each doubled quote once (copied to the scratch area when there
 * are any). A function of its own, apart from the record loop (1 record in 50 of the quoted bench
 * file), so that neither the loop nor the whole-record parser grows or is compiled for it.
 */
export function addQuotedKeyRecord(ks: usize, kl: usize, ss: usize, sl: usize, line: i64): bool {
  let k = ks + 1;
  let n = kl - 2;
  let j: usize = 0;
  while (j < n && load<u8>(k + j) != 34) j++;
  if (j < n) {
    n = copyCsvEscaped(SCRATCH_BASE, k, n);
    k = SCRATCH_BASE;
  }
  return addRawRecord(k, n, ss, sl, line);
}
