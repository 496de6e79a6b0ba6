const TIMESTAMP = Buffer.from('"timestamp"');

/**
 * The epoch seconds of a login record's `"timestamp"` member read straight from its bytes — the
 * first `"timestamp"` name, then `:`, then digits, quoted or not — or null when it does not look
 * like that. Cheap (no JSON parse); the kernel then checks it: see loginBulk.
 */
export function scanTimestamp(value: Buffer): number | null {
  let at = value.indexOf(TIMESTAMP);
  if (at < 0) return null;
  at += TIMESTAMP.length;
  while (value[at] === 0x20) at++;
  if (value[at++] !== 0x3a) return null; // ':'
  while (value[at] === 0x20) at++;
  const quoted = value[at] === 0x22;
  if (quoted) at++;
  let seconds = 0;
  let digits = 0;
  for (let b = value[at]; b !== undefined && b >= 0x30 && b <= 0x39; b = value[++at]) {
    seconds = seconds * 10 + (b - 0x30);
    if (++digits > 12) return null;
  }
  if (digits === 0) return null;
  const end = value[at];
  if (quoted ? end !== 0x22 : end !== 0x2c && end !== 0x7d && end !== 0x20) return null;
  return seconds;
}
