/** The totals as users read them: the consumer's and cashback's GET routes, keyed like the ground truth. */
import { loginCell, type Totals } from "./ground-truth.ts";
import { LOGIN_WINDOW_SECONDS } from "./mixed-stream.ts";

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

type LoginRow = { window_start: string; record_type: string; value: string | null; count: number; final: boolean };

/**
 * Reads every total: api usage and billing per company from the consumer, login windows over the
 * event-time `ranges` (seconds, [from, to)), cashback for `customers` (those with nothing paid left out).
 * `notFinal` counts login rows whose window is still open.
 */
export async function readTotals(consumerUrl: string, cashbackUrl: string, ranges: readonly [number, number][], customers: readonly string[]): Promise<Totals & { notFinal: number }> {
  const usage = await getJson<{ user: string; total_duration_ms: number; requests: number; total_cost: string }[]>(`${consumerUrl}/billing/api-usage`);
  const billing = await getJson<{ company: string; total_cost: string; discounted_cost: string; tech_fee: string }[]>(`${consumerUrl}/billing`);
  const logins = new Map<string, number>();
  let notFinal = 0;
  const step = 4000 * LOGIN_WINDOW_SECONDS; // under the route's 4320 windows per request
  for (const [from, to] of ranges) {
    for (let at = from; at < to; at += step) {
      for (const r of await getJson<LoginRow[]>(`${consumerUrl}/analytics/logins?from=${at}&to=${Math.min(to, at + step)}`)) {
        logins.set(loginCell(r.window_start, r.record_type, r.value), r.count);
        if (!r.final) notFinal++;
      }
    }
  }
  const cashback = new Map<string, { transactions: number; cashback: string }>();
  for (const id of customers) {
    const c = await getJson<{ customer_id: string; transactions: number; cashback: string }>(`${cashbackUrl}/cashback/customers/${id}`);
    if (c.transactions > 0) cashback.set(id, { transactions: c.transactions, cashback: c.cashback });
  }
  return {
    apiUsage: new Map(usage.map(({ user, total_duration_ms, requests, total_cost }) => [user, { total_duration_ms, requests, total_cost }])),
    billing: new Map(billing.map(({ company, total_cost, discounted_cost, tech_fee }) => [company, { total_cost, discounted_cost, tech_fee }])),
    logins,
    cashback,
    notFinal,
  };
}
