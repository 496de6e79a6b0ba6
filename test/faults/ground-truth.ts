/**
 * What the totals must be, computed from the generated stream alone — integer arithmetic on the
 * text the suite sent, written apart from the services (no @tally package, no kernel).
 */
import { CASHBACK_RULES, LOGIN_WINDOW_SECONDS, RATES, type Phase } from "./mixed-stream.ts";

/** Totals as the read routes answer them, keyed by user / company / window cell / customer. */
export interface Totals {
  apiUsage: Map<string, { total_duration_ms: number; requests: number; total_cost: string }>;
  billing: Map<string, { total_cost: string; discounted_cost: string; tech_fee: string }>;
  logins: Map<string, number>;
  cashback: Map<string, { transactions: number; cashback: string }>;
}

/** Minor units → "123.45". */
export function cents(n: bigint): string {
  const s = n.toString().padStart(3, "0");
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}

/** Round half up (non-negative values): `n / d` to the nearest integer. */
const halfUp = (n: bigint, d: bigint) => (n * 2n + d) / (2n * d);

/** "12.34" → 1234n (two fraction digits, as the suite writes them). */
const parseCents = (s: string) => {
  const [whole, frac = ""] = s.split(".");
  return BigInt(whole!) * 100n + BigInt(frac.padEnd(2, "0"));
};

/** A login cell key: window start, record type, value ("unknown" for empty; "" for the total). */
export const loginCell = (windowStart: string, type: string, value: string | null) => `${windowStart}|${type}|${value ?? ""}`;

/** The expected totals after every event of `phases` was consumed exactly once. */
export function groundTruth(phases: readonly Phase[]): Totals {
  const usage = new Map<string, { ms: bigint; n: number; milli: bigint }>();
  const billing = new Map<string, bigint>();
  const logins = new Map<string, number>();
  const cashback = new Map<string, { n: number; c: bigint }>();
  const threshold = BigInt(CASHBACK_RULES.threshold) * 100n;
  const pct = BigInt(CASHBACK_RULES.percentage);
  for (const p of phases) {
    for (const m of p.apiMessages) {
      for (const line of m.text.split("\n")) {
        if (!line) continue;
        const [, user, task, , dur] = line.split(" ");
        const u = usage.get(user!) ?? { ms: 0n, n: 0, milli: 0n };
        const ms = BigInt(dur!.slice(0, -2));
        u.ms += ms;
        u.n += 1;
        u.milli += ms * RATES[task!]!;
        usage.set(user!, u);
      }
    }
    for (const f of p.billingFiles) {
      for (const row of f.text.split("\n").slice(1)) {
        if (!row) continue;
        const [, cost, company] = row.split(",");
        billing.set(company!, (billing.get(company!) ?? 0n) + parseCents(cost!));
      }
    }
    for (const part of p.logins) {
      for (const text of part) {
        const e = JSON.parse(text) as Record<string, string>;
        const t = Number(e.timestamp);
        const ws = new Date(Math.floor(t / LOGIN_WINDOW_SECONDS) * LOGIN_WINDOW_SECONDS * 1000).toISOString().replace(".000Z", "Z");
        for (const key of [loginCell(ws, "device_type", e.device_type || "unknown"), loginCell(ws, "locale", e.locale || "unknown"), loginCell(ws, "total", null)]) {
          logins.set(key, (logins.get(key) ?? 0) + 1);
        }
      }
    }
    for (const text of p.payments) {
      const pay = JSON.parse(text) as Record<string, string>;
      const amount = parseCents(pay.amount!);
      if (amount <= threshold || !CASHBACK_RULES.eligible_merchants.includes(pay.merchant_id!)) continue;
      const c = cashback.get(pay.customer_id!) ?? { n: 0, c: 0n };
      c.n += 1;
      c.c += halfUp(amount * pct, 100n);
      cashback.set(pay.customer_id!, c);
    }
  }
  return {
    apiUsage: new Map([...usage].map(([user, u]) => [user, { total_duration_ms: Number(u.ms), requests: u.n, total_cost: cents(halfUp(u.milli, 10n)) }])),
    billing: new Map([...billing].map(([company, c]) => [company, { total_cost: cents(c), discounted_cost: cents(halfUp(c * 98n, 100n)), tech_fee: cents(halfUp(c * 5n, 100n)) }])),
    logins,
    cashback: new Map([...cashback].map(([customer, c]) => [customer, { transactions: c.n, cashback: cents(c.c) }])),
  };
}

/** Differences between two keyed totals, at most `limit` described (empty when equal). */
export function diff<T>(what: string, expected: Map<string, T>, actual: Map<string, T>, limit = 5): string[] {
  const out: string[] = [];
  for (const key of new Set([...expected.keys(), ...actual.keys()])) {
    const e = JSON.stringify(expected.get(key));
    const a = JSON.stringify(actual.get(key));
    if (e !== a) out.push(`${what} ${key}: expected ${e ?? "nothing"}, got ${a ?? "nothing"}`);
  }
  return out.length > limit ? [...out.slice(0, limit), `… ${out.length - limit} more ${what} differences`] : out;
}
