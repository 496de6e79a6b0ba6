/**
 * Output rows written by the kernel from its sorted entries (aggregator option `render`):
 * `tally aggregate`'s jsonl and csv lines as bytes, with no `Group` object, key string or BigInt
 * per group. For 463k groups, building the groups and then their lines in JS cost ~0.4 s of a
 * 1.5 s run. The text is the one `renderGroups` in @tally/cli builds from groups (JSON.stringify's
 * escapes, its csv quoting, formatUnits' digits): rendered-rows.property.test.ts holds them equal.
 */
import type { KernelExports } from "./kernel-exports.ts";

/** A format the kernel renders rows of: one JSON object per line, or csv cells key,count[,sum]. */
export type RowFormat = "jsonl" | "csv";

/** The final groups as output rows, in key order (UTF-8 byte order of the one key field). */
export interface RenderedRows {
  format: RowFormat;
  /** The rows, each ending in "\n" (csv: no header line). */
  bytes: Uint8Array;
  /** How many groups (rows). */
  count: number;
}

/**
 * The rows of the `n` entries whose addresses sortGroups wrote at `order`, or null when the kernel
 * cannot write them: a key with a byte >= 0x80 (those go through the UTF-8 decoder and its U+FFFD
 * for invalid bytes) or no memory left for the output pieces. The table is left as it was.
 */
export function renderRows(x: KernelExports, order: number, n: number, withSum: boolean, scale: number, format: RowFormat): RenderedRows | null {
  const pieces: Uint8Array[] = [];
  let total = 0;
  for (let i = 0; i < n; ) {
    const next = x.renderRows(order, i, n, format === "jsonl" ? 0 : 1, withSum ? 1 : 0, scale);
    if (next < 0) return null;
    const start = x.renderedStart();
    // A copy: the memory is reused by the next piece and by the next aggregator.
    pieces.push(new Uint8Array(x.memory.buffer, start, x.renderedEnd() - start).slice());
    total += pieces[pieces.length - 1]!.length;
    i = next;
  }
  if (pieces.length === 1) return { format, bytes: pieces[0]!, count: n };
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const p of pieces) {
    bytes.set(p, at);
    at += p.length;
  }
  return { format, bytes, count: n };
}
