/**
 * Benchmark inputs, generated once into bench/data/ (gitignored) from a fixed seed:
 *  - billing-100mb.csv: billing line items (8 columns, ~80 B a row), some notes quoted.
 *  - logins-1m.ndjson: 1M login events shaped like shared/seed-data/fetch/readme_sample_user_login_record.json.
 *  - short-100mb.csv: the seed's own shape `service,cost,company` (~19 B a row, 26 companies).
 *  - quoted-40b-100mb.csv: `date,service,company,cost` (~40 B a row), 1 row in 50 with a quoted
 *    company (half of those hold a comma, some a doubled quote).
 *  - keys-463k-100mb.csv: the short shape keyed by ~463k distinct companies.
 * Run directly (`bun bench/generate-data.ts`) or let kernel.bench.ts call ensureBenchData().
 */
import { existsSync, mkdirSync, openSync, writeSync, closeSync, renameSync } from "node:fs";
import { join } from "node:path";

export const DATA_DIR = join(import.meta.dir, "data");
export const BILLING_CSV = join(DATA_DIR, "billing-100mb.csv");
export const LOGINS_NDJSON = join(DATA_DIR, "logins-1m.ndjson");
export const SHORT_CSV = join(DATA_DIR, "short-100mb.csv");
export const QUOTED_CSV = join(DATA_DIR, "quoted-40b-100mb.csv");
export const KEYS_CSV = join(DATA_DIR, "keys-463k-100mb.csv");
const HUNDRED_MB = 100 * 1024 * 1024;

/** Small deterministic PRNG (mulberry32): same files on every machine. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes lines produced by `next` to `path` (via a temp file) until `done` says stop. */
function writeLines(path: string, header: string | null, next: () => string, done: (bytes: number, lines: number) => boolean): void {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, "w");
  let bytes = 0;
  let lines = 0;
  let batch: string[] = header === null ? [] : [header];
  while (!done(bytes, lines)) {
    const line = next();
    batch.push(line);
    bytes += line.length + 1;
    lines++;
    if (batch.length >= 10_000) {
      writeSync(fd, batch.join("\n") + "\n");
      batch = [];
    }
  }
  if (batch.length) writeSync(fd, batch.join("\n") + "\n");
  closeSync(fd);
  renameSync(tmp, path);
}

const SERVICES = ["Cloud Run", "Cloud SQL", "Compute Engine", "Load Balancer", "Cloud Storage", "BigQuery", "Cloud Functions", "Vertex AI", "Cloud CDN", "Pub/Sub"];
const REGIONS = ["us-east1", "us-central1", "europe-west1", "asia-south1"];
const NOTES = ["", "", "", "standard tier", '"Committed use, 1 year"', '"Egress, ""premium"" network"', '"Line 1, adjusted"'];

function generateBilling(): void {
  const r = rng(42);
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)]!;
  writeLines(
    BILLING_CSV,
    "date,service,sku,company,region,cost,currency,note",
    () => {
      const day = String(1 + Math.floor(r() * 28)).padStart(2, "0");
      const cost = `${Math.floor(r() * 5000)}.${String(Math.floor(r() * 100)).padStart(2, "0")}`;
      return `2025-05-${day},${pick(SERVICES)},SKU-${Math.floor(r() * 90000) + 10000},company-${Math.floor(r() * 500)},${pick(REGIONS)},${cost},USD,${pick(NOTES)}`;
    },
    (bytes) => bytes >= 100 * 1024 * 1024,
  );
}

const DEVICES = ["android", "ios", "web", "tablet"];
const LOCALES = ["RU", "EN", "DE", "FR", "IN", "BR", "JP", "ES"];
const VERSIONS = ["2.3.0", "2.3.1", "2.4.0", "3.0.0-beta"];

function generateLogins(): void {
  const r = rng(7);
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)]!;
  const hex = (n: number) => Array.from({ length: n }, () => "0123456789abcdef"[Math.floor(r() * 16)]).join("");
  const octet = () => Math.floor(r() * 256);
  writeLines(
    LOGINS_NDJSON,
    null,
    () =>
      JSON.stringify({
        user_id: `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`,
        app_version: pick(VERSIONS),
        device_type: pick(DEVICES),
        ip: `${octet()}.${octet()}.${octet()}.${octet()}`,
        locale: pick(LOCALES),
        device_id: `${Math.floor(r() * 900) + 100}-${Math.floor(r() * 90) + 10}-${Math.floor(r() * 9000) + 1000}`,
        timestamp: String(1694479551 + Math.floor(r() * 1e6)),
      }),
    (_, lines) => lines >= 1_000_000,
  );
}

const SHORT_SERVICES = ["Cloud Run", "Cloud SQL", "Compute Engine", "Load Balancer", "Cloud Storage", "BigQuery", "Pub/Sub", "Cloud CDN"];
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** `service,cost,company` as in shared/seed-data/garmin (costs with one or two decimals). */
function generateShort(path: string, seed: number, company: (r: () => number) => string): void {
  const r = rng(seed);
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)]!;
  writeLines(
    path,
    "service,cost,company",
    () => {
      const cents = Math.floor(r() * 10000);
      const cost = r() < 0.5 ? `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}` : `${Math.floor(cents / 10)}.${cents % 10}`;
      return `${pick(SHORT_SERVICES)},${cost},${company(r)}`;
    },
    (bytes) => bytes >= HUNDRED_MB,
  );
}

function generateQuoted(): void {
  const r = rng(40);
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)]!;
  writeLines(
    QUOTED_CSV,
    "date,service,company,cost",
    () => {
      const day = String(1 + Math.floor(r() * 28)).padStart(2, "0");
      const n = Math.floor(r() * 900) + 100;
      const q = r();
      const company = q < 0.01 ? `"company-${n}, Inc"` : q < 0.015 ? `"company ""${n}"""` : q < 0.02 ? `"company-${n}"` : `company-${n}`;
      const cost = `${Math.floor(r() * 5000)}.${String(Math.floor(r() * 100)).padStart(2, "0")}`;
      return `2025-05-${day},${pick(SERVICES)},${company},${cost}`;
    },
    (bytes) => bytes >= HUNDRED_MB,
  );
}

/** Generates whichever benchmark file is missing. */
export function ensureBenchData(): void {
  mkdirSync(DATA_DIR, { recursive: true });
  if (!existsSync(BILLING_CSV)) generateBilling();
  if (!existsSync(LOGINS_NDJSON)) generateLogins();
  if (!existsSync(SHORT_CSV)) generateShort(SHORT_CSV, 19, (r) => LETTERS[Math.floor(r() * 26)]!);
  if (!existsSync(QUOTED_CSV)) generateQuoted();
  // ~4.2M rows drawing from 463k names: all but a few dozen appear.
  if (!existsSync(KEYS_CSV)) generateShort(KEYS_CSV, 463, (r) => `c${Math.floor(r() * 463_000)}`);
}

if (import.meta.main) ensureBenchData();
