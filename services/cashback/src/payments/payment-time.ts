/**
 * The original's `2025-02-08 13:00:00` or ISO-8601 (`2025-02-08T13:00:00Z`, `…T13:00:00.123+05:30`,
 * `…T13:00`): date, time, optional seconds and fraction, optional zone. Without a zone it is UTC.
 */
const TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/**
 * Epoch milliseconds of a payment timestamp, or null when it is not one of the accepted forms or
 * not a real calendar time (2025-02-30, 25:00). Digits below the millisecond are dropped
 * (Cassandra timestamps keep milliseconds).
 */
export function parsePaymentTime(text: string): number | null {
  // A stream's records share their seconds: remembering the last answer saves most of the work.
  if (text === last.text) return last.ms;
  const ms = parse(text);
  last = { text, ms };
  return ms;
}

let last: { text: string; ms: number | null } = { text: "", ms: null };

function parse(text: string): number | null {
  const m = TIME.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const second = Number(m[6] ?? "0");
  const ms = Number((m[7] ?? "").padEnd(3, "0").slice(0, 3));
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC rolls 2025-02-30 over to March; a real date survives the round trip. (It also maps
  // years 0–99 to 1900–1999, which the round trip refuses too.)
  const check = new Date(utc);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  if (m[9] === undefined) return utc;
  const offHours = Number(m[10]);
  const offMinutes = Number(m[11] ?? "0");
  if (offHours > 23 || offMinutes > 59) return null;
  const offset = (offHours * 60 + offMinutes) * 60_000;
  return m[9] === "+" ? utc - offset : utc + offset;
}
