import type { GeneratedFields, Kind } from "../kind.ts";
import { createRng, type Rng } from "../random.ts";
import { weighted } from "../weighted.ts";

/**
 * User logins shaped like the original Fetch producer's records (seed 003's sample):
 * `{"user_id":"424cdd21-…","app_version":"2.3.0","device_type":"android","ip":"199.172.111.135",
 * "locale":"RU","device_id":"593-47-5928","timestamp":"1694479551"}` — every value a string.
 *
 * Users come from a fixed universe of USER_COUNT people, each with a stable id, device, app
 * version and home state (derived from the user's number alone, so user 42 is the same person
 * in every stream); the seed decides who logs in when. Per login: a random public-looking IPv4,
 * the timestamp from the stream's clock, and, like the original's data, a few fields missing:
 * `locale` with probability MISSING_LOCALE_SHARE, `device_type` with MISSING_DEVICE_TYPE_SHARE
 * (independently) — downstream counts those as "unknown".
 */
export interface LoginRecord {
  user_id: string;
  app_version: string;
  device_type?: string;
  ip: string;
  locale?: string;
  device_id: string;
  timestamp: string;
}

/** How many distinct users log in (uniformly at random). */
export const USER_COUNT = 100_000;
/** Share of records without a `locale` field. */
export const MISSING_LOCALE_SHARE = 0.03;
/** Share of records without a `device_type` field. */
export const MISSING_DEVICE_TYPE_SHARE = 0.02;

/** The original's two device types, spelled as it spelled them. */
const deviceType = weighted([
  ["android", 55],
  ["iOS", 45],
] as const);

const appVersion = weighted([
  ["2.3.0", 50],
  ["2.3.1", 20],
  ["2.2.1", 15],
  ["2.4.0", 10],
  ["2.1.4", 5],
] as const);

/** Two-letter US state codes (and DC), weighted by population in millions (2020, rounded, at least 1). */
const locale = weighted([
  ["CA", 39], ["TX", 29], ["FL", 22], ["NY", 20], ["PA", 13], ["IL", 13], ["OH", 12], ["GA", 11], ["NC", 10],
  ["MI", 10], ["NJ", 9], ["VA", 9], ["WA", 8], ["AZ", 7], ["MA", 7], ["TN", 7], ["IN", 7], ["MD", 6], ["MO", 6],
  ["WI", 6], ["CO", 6], ["MN", 6], ["SC", 5], ["AL", 5], ["LA", 5], ["KY", 4], ["OR", 4], ["OK", 4], ["CT", 4],
  ["UT", 3], ["IA", 3], ["NV", 3], ["AR", 3], ["MS", 3], ["KS", 3], ["NM", 2], ["NE", 2], ["ID", 2], ["WV", 2],
  ["HI", 1], ["NH", 1], ["ME", 1], ["MT", 1], ["RI", 1], ["DE", 1], ["SD", 1], ["ND", 1], ["AK", 1], ["DC", 1],
  ["VT", 1], ["WY", 1],
] as const);

interface User {
  id: string;
  deviceId: string;
  deviceType: string;
  appVersion: string;
  locale: string;
}

// Seed-independent, so cached for the process: at most USER_COUNT small objects (~15 MB). Allocated
// dense up front: filling a growing array at random indexes turned it sparse (a slow dictionary).
const users: (User | undefined)[] = new Array<User | undefined>(USER_COUNT).fill(undefined);
/** Offsets user numbers away from small stream seeds, so no user shares a sequence with seed 1, 2, … */
const USER_SEED_BASE = 2 ** 40;

function user(n: number): User {
  const cached = users[n];
  if (cached) return cached;
  const rng = createRng(USER_SEED_BASE + n);
  const made: User = {
    id: uuid(rng),
    deviceId: `${digits(rng, 3)}-${digits(rng, 2)}-${digits(rng, 4)}`,
    deviceType: deviceType(rng),
    appVersion: appVersion(rng),
    locale: locale(rng),
  };
  users[n] = made;
  return made;
}

/** A version-4-shaped UUID (version nibble 4, variant 8–b) from four draws. */
function uuid(rng: Rng): string {
  const h = (x: number) => x.toString(16).padStart(8, "0");
  const a = h(rng.uint32());
  const b = h(((rng.uint32() & 0xffff0fff) | 0x4000) >>> 0);
  const c = h(((rng.uint32() & 0x3fffffff) | 0x80000000) >>> 0);
  const d = h(rng.uint32());
  return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
}

function digits(rng: Rng, n: number): string {
  return String(rng.below(10 ** n)).padStart(n, "0");
}

/** A unicast, non-private-looking first octet: 1–223 without 10 and 127. */
function firstOctet(rng: Rng): number {
  const o = 1 + rng.below(221); // 1..221; shift past 10 and 127 so each remaining value is equally likely
  return o >= 126 ? o + 2 : o >= 10 ? o + 1 : o;
}

/** The logins kind: see LoginRecord. Keyed by user_id, so one user's logins stay in order on one partition. */
export const logins: Kind = {
  name: "logins",
  defaultTopic: "user-login",
  description: "user logins like the original Fetch producer's (user_id, app_version, device_type, ip, locale, device_id, timestamp)",
  keyField: "user_id",
  record(rng, index, clock) {
    // A fixed number of draws per record, in a fixed order: user, IP (2), drops (2), time (2).
    const u = user(rng.below(USER_COUNT));
    const first = firstOctet(rng);
    const rest = rng.uint32();
    const dropDeviceType = rng.chance(MISSING_DEVICE_TYPE_SHARE);
    const dropLocale = rng.chance(MISSING_LOCALE_SHARE);
    const timestamp = String(clock.timestamp(rng, index));
    const ip = `${first}.${rest >>> 24}.${(rest >>> 16) & 0xff}.${(rest >>> 8) & 0xff}`;
    // Built field by field so the JSON keeps the original's field order with a field left out.
    const r = { user_id: u.id, app_version: u.appVersion } as LoginRecord;
    if (!dropDeviceType) r.device_type = u.deviceType;
    r.ip = ip;
    if (!dropLocale) r.locale = u.locale;
    r.device_id = u.deviceId;
    r.timestamp = timestamp;
    return r as unknown as GeneratedFields;
  },
};
