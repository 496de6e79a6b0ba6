/** Baselines for kernel.bench.ts: what plain JavaScript would do with the same input. */
import { Parser } from "csv-parse";

const decoder = new TextDecoder();
const CENT = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/** csv-parse (streaming) + exact cents as BigInt per company. Returns rows seen. */
export async function csvParseAggregate(data: Uint8Array, chunk: number): Promise<number> {
  const totals = new Map<string, bigint>();
  let rows = 0;
  let company = -1;
  let cost = -1;
  const parser = new Parser({ relax_column_count: true });
  parser.on("readable", () => {
    let r: string[] | null;
    while ((r = parser.read() as string[] | null) !== null) {
      if (company < 0) {
        company = r.indexOf("company");
        cost = r.indexOf("cost");
        continue;
      }
      rows++;
      const m = CENT.exec(r[cost] ?? "");
      if (!m) continue;
      const cents = BigInt(m[2]! + (m[3] ?? "").padEnd(2, "0")) * (m[1] ? -1n : 1n);
      const k = r[company]!;
      totals.set(k, (totals.get(k) ?? 0n) + cents);
    }
  });
  const done = new Promise<void>((resolve, reject) => {
    parser.on("end", resolve);
    parser.on("error", reject);
  });
  for (let i = 0; i < data.length; i += chunk) parser.write(Buffer.from(data.buffer, data.byteOffset + i, Math.min(chunk, data.length - i)));
  parser.end();
  await done;
  return rows;
}

/** Line split + JSON.parse + Map count per (device_type, locale). Returns rows seen. */
export function jsonParseAggregate(data: Uint8Array, chunk: number): number {
  const counts = new Map<string, number>();
  let rows = 0;
  let tail = "";
  for (let i = 0; i < data.length; i += chunk) {
    const text = tail + decoder.decode(data.subarray(i, i + chunk), { stream: true });
    const lines = text.split("\n");
    tail = lines.pop()!;
    for (const line of lines) {
      if (line === "") continue;
      rows++;
      const o = JSON.parse(line) as { device_type: string; locale: string };
      const k = `${o.device_type}\u0000${o.locale}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  }
  return rows;
}

/** The floor for JS: one pass counting structural bytes, no parsing or aggregation. Returns lines. */
export function jsByteLoop(data: Uint8Array): number {
  let lines = 0;
  let commas = 0;
  let quotes = 0;
  for (let i = 0; i < data.length; i++) {
    const c = data[i]!;
    if (c === 10) lines++;
    else if (c === 44) commas++;
    else if (c === 34) quotes++;
  }
  return lines + (commas & quotes & 0);
}
