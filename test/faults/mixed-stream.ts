/**
 * The fault suite's input: a deterministic mixed stream (api-log lines, login events, billing-file
 * rows, payments) cut into five phases, one per fault scenario. Pure: no IO, no clock; a seed picks
 * every value, so a failing run can be replayed.
 */
import { createRng } from "@tally/generate";

/** Tasks and their rates in thousandths of a currency unit per millisecond (the rate card the consumer reads). */
export const RATES: Readonly<Record<string, bigint>> = { login: 5n, getUserProfile: 2n, createOrder: 10n, updateInventory: 8n, deleteOrder: 7n };
/** The same rate card as the consumer's RATES_FILE (`RATE_<task>=0.005`). */
export const RATES_ENV = Object.entries(RATES).map(([task, milli]) => `RATE_${task}=0.${milli.toString().padStart(3, "0")}`).join("\n") + "\n";

/** Cashback rules the suite runs with: 15 % above 500.00 at two merchants. */
export const CASHBACK_RULES = { threshold: "500", eligible_merchants: ["merch_1", "merch_3"], percentage: "15" };

export const LOGIN_WINDOW_SECONDS = 20;
/** Login events are sent to Kafka in chunks of this many per partition. */
export const LOGIN_CHUNK = 1000;
/** Each phase's login events start this far after the previous phase's, so no event is ever late. */
const PHASE_EVENT_TIME_GAP_S = 1_000_000;
const LOGIN_T0 = 1_700_000_000;
const DEVICES = ["ios", "android", "web", ""];
const LOCALES = ["US", "RU", "NL", "DE", ""];

/** How many events of each kind one phase holds. */
export interface PhaseSize {
  apiLines: number;
  logins: number;
  billingRows: number;
  payments: number;
}

/** One phase's share of the stream, ready to send. */
export interface Phase {
  index: number;
  /** api-logs messages: an idempotency key and newline-separated lines. */
  apiMessages: { key: string; text: string }[];
  /** Login events per partition (3), each partition in event-time order. */
  logins: string[][];
  /** Billing CSV files: a unique name and the text. */
  billingFiles: { name: string; text: string }[];
  /** Payment JSON records, unique transaction ids. */
  payments: string[];
}

/** Splits `total` events over the four streams (half api-log lines, 40 % logins, 5 % billing rows, 5 % payments) and `phases` phases. */
export function phaseSizes(total: number, phases: number): PhaseSize[] {
  const per = Math.floor(total / phases);
  return Array.from({ length: phases }, () => {
    const billingRows = Math.floor(per * 0.05);
    const payments = Math.floor(per * 0.05);
    const logins = Math.floor(per * 0.4);
    return { apiLines: per - billingRows - payments - logins, logins, billingRows, payments };
  });
}

/** A seeded stream of floats in [0, 1): the project's own generator (@tally/generate's createRng). */
export function prng(seed: number): () => number {
  return createRng(seed).float;
}

/** Builds phase `index` of a run (`runId` makes its keys and names unique). */
export function buildPhase(index: number, size: PhaseSize, seed: number, runId: string, linesPerMessage = 200, rowsPerFile = 1000): Phase {
  const rnd = prng(seed * 31 + index);
  const int = (n: number) => Math.floor(rnd() * n);
  const tasks = Object.keys(RATES);

  const apiMessages: Phase["apiMessages"] = [];
  for (let at = 0, m = 0; at < size.apiLines; at += linesPerMessage, m++) {
    const lines: string[] = [];
    for (let i = at; i < Math.min(size.apiLines, at + linesPerMessage); i++) {
      const ts = new Date(Date.UTC(2025, 4, 2, 0, 0, 0) + int(86_400) * 1000).toISOString().replace(".000Z", "Z");
      lines.push(`${ts} user${int(300)} ${tasks[int(tasks.length)]} 200 ${1 + int(3000)}ms`);
    }
    apiMessages.push({ key: `faults-${runId}-p${index}-m${m}`, text: lines.join("\n") + "\n" });
  }

  // Each chunk of LOGIN_CHUNK events of one partition fills a window of its own, later than every
  // earlier chunk's: the suite sends chunks seconds apart, and the job's idle flush closes a window
  // whose partition went quiet — an event arriving after that for the same window would be late.
  const logins: string[][] = [[], [], []];
  const base = LOGIN_T0 + index * PHASE_EVENT_TIME_GAP_S;
  for (let i = 0; i < size.logins; i++) {
    const p = i % 3;
    const j = logins[p]!.length;
    const window = Math.floor(j / LOGIN_CHUNK) * 3 + p;
    const t = base + window * 2 * LOGIN_WINDOW_SECONDS + Math.floor(((j % LOGIN_CHUNK) * LOGIN_WINDOW_SECONDS) / LOGIN_CHUNK);
    logins[p]!.push(JSON.stringify({ user_id: `u${int(5000)}`, app_version: "2.3.0", device_type: DEVICES[int(DEVICES.length)], ip: "10.0.0.1", locale: LOCALES[int(LOCALES.length)], device_id: `d${int(100)}`, timestamp: String(t) }));
  }

  const billingFiles: Phase["billingFiles"] = [];
  for (let at = 0, f = 0; at < size.billingRows; at += rowsPerFile, f++) {
    const rows = ["service,cost,company"];
    for (let i = at; i < Math.min(size.billingRows, at + rowsPerFile); i++) rows.push(`svc${int(20)},${1 + int(500)}.${String(int(100)).padStart(2, "0")},company${int(25)}`);
    billingFiles.push({ name: `faults-p${index}-f${f}.csv`, text: rows.join("\n") + "\n" });
  }

  const payments: string[] = [];
  for (let i = 0; i < size.payments; i++) {
    const cents = 10_000 + int(100_000); // 100.00 .. 1099.99
    payments.push(JSON.stringify({ transaction_id: `tx-${runId}-p${index}-${i}`, customer_id: `cust_${int(40)}`, timestamp: "2025-02-08 13:00:00", product_id: "prod_5", amount: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`, merchant_id: `merch_${1 + int(4)}` }));
  }
  return { index, apiMessages, logins, billingFiles, payments };
}

/** The event-time range (seconds, [from, to)) holding phase `index`'s login windows. */
export function loginRange(index: number, logins: number): [number, number] {
  const from = LOGIN_T0 + index * PHASE_EVENT_TIME_GAP_S;
  const chunksPerPartition = Math.ceil(logins / 3 / LOGIN_CHUNK) + 1;
  return [from, from + chunksPerPartition * 3 * 2 * LOGIN_WINDOW_SECONDS];
}

/** Event count of a phase (api-log lines + login events + billing rows + payments). */
export function phaseEvents(p: Phase): number {
  const lines = p.apiMessages.reduce((n, m) => n + m.text.split("\n").length - 1, 0);
  const rows = p.billingFiles.reduce((n, f) => n + f.text.split("\n").length - 2, 0);
  return lines + p.logins.reduce((n, l) => n + l.length, 0) + rows + p.payments.length;
}
