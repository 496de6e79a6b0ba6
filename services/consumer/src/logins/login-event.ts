import { PoisonError } from "@tally/pipeline";

/** One `user-login` event, as the window job counts it. */
export interface LoginEvent {
  /** Event time in epoch milliseconds (from `timestamp`, epoch seconds). */
  eventMs: number;
  /** `device_type`, or "unknown" when missing or empty. */
  deviceType: string;
  /** `locale`, or "unknown" when missing or empty. */
  locale: string;
}

/** What a missing or empty device type or locale counts under (the original's intent; it crashed instead). */
export const UNKNOWN = "unknown";

/** Longest device type or locale kept; longer values are refused (they become Cassandra keys and labels). */
export const MAX_VALUE_LENGTH = 256;

// Epoch seconds from 1970 to 9999-12-31: beyond that a Date cannot hold it.
const MAX_EPOCH_SECONDS = 253_402_300_799;

/**
 * Reads one message value as a login event, or throws PoisonError with the reason and a kind (the
 * metric label): `not_json`, `not_object`, `bad_timestamp`, `bad_field`. The timestamp is epoch
 * seconds as an integer, as a JSON string ("1694479551", the seed's form) or a number. A device type
 * or locale that is a number or boolean counts under its text (7 → "7"); an object or array is refused.
 */
export function parseLoginEvent(text: string): LoginEvent {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new PoisonError("not_json", "not JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new PoisonError("not_object", "not a JSON object");
  const record = value as Record<string, unknown>;
  return { eventMs: epochMs(record.timestamp), deviceType: label(record, "device_type"), locale: label(record, "locale") };
}

function epochMs(timestamp: unknown): number {
  let seconds: number;
  if (typeof timestamp === "string" && /^-?\d{1,15}$/.test(timestamp)) seconds = Number(timestamp);
  else if (typeof timestamp === "number" && Number.isInteger(timestamp)) seconds = timestamp;
  else if (timestamp === undefined || timestamp === null) throw new PoisonError("bad_timestamp", "timestamp is missing");
  else throw new PoisonError("bad_timestamp", `timestamp is not an integer number of epoch seconds: ${JSON.stringify(timestamp).slice(0, 80)}`);
  if (seconds < 0 || seconds > MAX_EPOCH_SECONDS) throw new PoisonError("bad_timestamp", `timestamp out of range: ${seconds}`);
  return seconds * 1000;
}

function label(record: Record<string, unknown>, field: string): string {
  const v = record[field];
  if (v === undefined || v === null || v === "") return UNKNOWN;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (typeof v !== "string") throw new PoisonError("bad_field", `${field} is not a string, number or boolean`);
  if (v.length > MAX_VALUE_LENGTH) throw new PoisonError("bad_field", `${field} is longer than ${MAX_VALUE_LENGTH} characters`);
  return v;
}
