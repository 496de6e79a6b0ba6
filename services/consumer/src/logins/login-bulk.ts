import type { Kernel } from "@tally/kernel-wasm";
import type { BulkRead } from "@tally/pipeline/kafka";
import type { KafkaRecord } from "@tally/pipeline/kafka";
import { MAX_VALUE_LENGTH, UNKNOWN, parseLoginEvent } from "./login-event.ts";
import { scanTimestamp } from "./timestamp-scan.ts";

const NEWLINE = 0x0a;
const OPEN_BRACE = 0x7b;
const MISSING_KEY = "missing key field";

/**
 * The login job's bulk read of a batch through the WASM kernel's NDJSON path (see countPerWindow's
 * `bulk`): each message's timestamp is read from its bytes to place it in its window; the messages
 * of each window are counted by the kernel, by (timestamp, device_type) — which also checks every
 * timestamp lies in that window and agrees with the read — and by locale. Messages the kernel
 * refuses for the device pass (missing device type, not JSON, …) are left to the per-message parse;
 * a missing locale counts as "unknown". Anything the two paths could disagree on makes it return
 * null, and the batch takes the per-message path: exactness first, speed when it is safe.
 */
export function loginBulk(kernel: Pick<Kernel, "createAggregator">, windowMs: number) {
  // One buffer for every window's lines, grown as needed: both kernel passes copy it in before the next
  // window reuses it, and a fresh allocation per window was fresh pages to fault in (~20 a window).
  let scratch = Buffer.allocUnsafe(0);
  return (records: readonly KafkaRecord[]): BulkRead | null => {
    const eventMs: (number | null)[] = new Array(records.length);
    const windows = new Map<number, { indexes: number[]; bytes: number }>();
    // Events come mostly in time order: the window of the previous one is looked up only when it changes.
    let lastStart = NaN;
    let last = { indexes: [] as number[], bytes: 0 };
    for (let i = 0; i < records.length; i++) {
      const v = records[i]!.value;
      // A value the line-based kernel could misread (a newline inside, not an object first) is not for the bulk path.
      if (!v || v.length === 0 || v[0] !== OPEN_BRACE || v.indexOf(NEWLINE) >= 0) return null;
      const seconds = scanTimestamp(v);
      if (seconds === null) return null;
      const ms = seconds * 1000;
      eventMs[i] = ms;
      const start = Math.floor(ms / windowMs) * windowMs;
      if (start !== lastStart) {
        let w = windows.get(start);
        if (w === undefined) windows.set(start, (w = { indexes: [], bytes: 0 }));
        last = w;
        lastStart = start;
      }
      last.indexes.push(i);
      last.bytes += v.length + 1;
    }
    // Event times are whole seconds: one counter per second of a window (distinct seconds, distinct slots).
    const slots = Math.ceil(windowMs / 1000);
    const cells: BulkRead["cells"] = [];
    for (const [start, w] of windows) {
      if (scratch.length < w.bytes) scratch = Buffer.allocUnsafe(Math.max(w.bytes, 2 * scratch.length));
      const buf = scratch.subarray(0, w.bytes);
      let at = 0;
      for (const i of w.indexes) {
        at += records[i]!.value!.copy(buf, at);
        buf[at++] = NEWLINE;
      }
      const byDevice = aggregate(kernel, ["timestamp", "device_type"], buf);
      const byLocale = aggregate(kernel, ["locale"], buf);
      if (!byDevice || !byLocale) return null;
      // Per timestamp, what the kernel read must be what the scan read (for the messages it kept).
      const scanned = new Int32Array(slots);
      const deviceRefused = new Set(byDevice.refused.keys());
      const indexes = w.indexes;
      for (let n = 0; n < indexes.length; n++) {
        const i = indexes[n]!;
        if (deviceRefused.size > 0 && deviceRefused.has(n + 1)) eventMs[i] = null; // left to the per-message parse
        else scanned[Math.floor((eventMs[i]! - start) / 1000)]!++;
      }
      const read = new Int32Array(slots);
      let total = 0;
      for (const g of byDevice.groups) {
        const ts = g.key[0]!;
        if (!/^\d{1,12}$/.test(ts)) return null;
        const ms = Number(ts) * 1000;
        if (ms < start || ms >= start + windowMs) return null;
        read[Math.floor((ms - start) / 1000)]! += g.count;
        const device = label(g.key[1]!);
        if (device === null) return null;
        cells.push({ windowStartMs: start, key: ["device_type", device], count: g.count });
        total += g.count;
      }
      for (let k = 0; k < slots; k++) if (read[k] !== scanned[k]) return null;
      cells.push({ windowStartMs: start, key: ["total", ""], count: total });
      // Locales: what the device pass refused is parsed alone, so take it out of the locale pass.
      const localeCounts = new Map<string, number>();
      for (const g of byLocale.groups) {
        const locale = label(g.key[0]!);
        if (locale === null) return null;
        localeCounts.set(locale, (localeCounts.get(locale) ?? 0) + g.count);
      }
      for (const line of deviceRefused) {
        if (byLocale.refused.has(line)) continue;
        let locale: string;
        try {
          locale = parseLoginEvent(records[w.indexes[line - 1]!]!.value!.toString()).locale;
        } catch {
          return null; // the kernel counted a locale for what the parse refuses: not for the bulk path
        }
        const n = localeCounts.get(locale) ?? 0;
        if (n === 0) return null;
        localeCounts.set(locale, n - 1);
      }
      for (const [line, reason] of byLocale.refused) {
        if (deviceRefused.has(line)) continue;
        if (reason !== MISSING_KEY) return null; // e.g. an object as locale: the parse refuses the whole record
        localeCounts.set(UNKNOWN, (localeCounts.get(UNKNOWN) ?? 0) + 1);
      }
      for (const [locale, count] of localeCounts) if (count > 0) cells.push({ windowStartMs: start, key: ["locale", locale], count });
    }
    return { eventMs, cells };
  };
}

/** One kernel pass, count only; null when it refused more lines than it lists. */
function aggregate(kernel: Pick<Kernel, "createAggregator">, keys: string[], buf: Buffer) {
  const agg = kernel.createAggregator({ format: "ndjson", keys });
  agg.push(buf);
  const result = agg.finish();
  if (result.rejectedCount > result.rejections.length) return null;
  return { groups: result.groups, refused: new Map(result.rejections.map((r) => [r.line, r.reason])) };
}

/**
 * A kernel key as the per-message parse names it: "" is "unknown"; a key the parse would read
 * differently (a number not in its shortest form, like 7.50; too long) is null.
 */
function label(text: string): string | null {
  if (text === "") return UNKNOWN;
  if (text.length > MAX_VALUE_LENGTH) return null;
  if (/^-?\d/.test(text) && String(Number(text)) !== text) return null;
  return text;
}
