// Why a CSV fast path stopped: the driver (driver.ts) and the fast paths share these codes.

/** The record at `pos` breaks a quoting rule: parse it with parseCsvRecord. */
export const FAST_SLOW_RECORD = 0;
/** No complete record at `pos`: parse the tail with parseCsvRecord (incomplete, or the last record). */
export const FAST_TAIL = 1;
/** The group table is full; resume at `pos` after a drain. */
export const FAST_FULL = 2;
/** csvFastMasked(one = true) finished one record; pos is past it. */
export const FAST_ONE = 3;
