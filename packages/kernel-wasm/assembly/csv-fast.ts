// The CSV hot loops. Blocks of 64 bytes are classified into '"' ',' '\n' masks; in-quote regions
// come from a prefix XOR of the quote bits, so quoted commas and LFs drop out without branches and
// quoting rules are checked with bit operations. Specs with a key: batches of clean blocks are
// indexed, then fields are read from the index (csv-indexed.ts; one key and a sum straight into the
// table, others through accept()); count-only specs walk the unquoted LF bits (csv-masked.ts).
// A record breaking a quoting rule, and the unfinished tail, go back to the driver, which parses them
// with parseCsvRecord (the full RFC 4180 rules, including where bad records end).
import { keyCount } from "./state";
import { csvFastMasked } from "./csv-masked";
import { csvFastIndexed } from "./csv-indexed";

export { FAST_SLOW_RECORD, FAST_TAIL, FAST_FULL } from "./csv-fast-status";

/**
 * Processes records from `p`; returns why it stopped (pos is left at a record start). Specs with a
 * key: csvFastIndexed; count only: csvFastMasked. (The scalar build used to walk count-only specs
 * event by event; the mask walk, whose block split has a SWAR form, was 3.5% faster there too.)
 */
export function csvFast(p: usize, end: usize): i32 {
  return keyCount >= 1 ? csvFastIndexed(p, end) : csvFastMasked(p, end, false);
}
