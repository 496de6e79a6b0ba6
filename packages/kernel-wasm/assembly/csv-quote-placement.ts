// RFC 4180 quote placement as bit operations over one 64-byte block (shared by the mask and index passes).

/**
 * The quotes of one 64-byte block at `b` that break RFC 4180 placement (one bit each). `q` marks
 * quotes, `inside` the in-quote bytes after toggling, `d` quotes, commas and LFs, `before` the bit of
 * a delimiter just before the block (or the record start). Opening quotes need ',' '\n' '"' or the
 * record start before them; closing quotes need ',' '\n' '"' or CR LF after them — CR and the
 * block's last byte are checked byte by byte (rare). A doubled quote passes both checks.
 */
// @ts-ignore: decorator
@inline export function misplacedQuotes(b: usize, q: u64, inside: u64, d: u64, before: u64): u64 {
  let bad = q & inside & ~((d << 1) | before);
  let cand = q & ~inside & ~(d >> 1);
  while (cand != 0) {
    const j = b + <usize>ctz(cand);
    const n = load<u8>(j + 1);
    if (!(n == 44 || n == 10 || n == 34 || (n == 13 && load<u8>(j + 2) == 10))) bad |= cand & (0 - cand);
    cand &= cand - 1;
  }
  return bad;
}
