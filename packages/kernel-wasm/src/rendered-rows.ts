/**
 * Output rows written by the kernel from its sorted entries (aggregator option `render`):
 * `tally aggregate`'s jsonl and csv lines as bytes, with no `Group` object, key string or BigInt
 * per group. For 463k groups, building the groups and then their lines in JS cost ~0.4 s of a
 * 1.5 s run. The text is the one `renderGroups` in @tally/cli builds from groups (JSON.stringify's
 * escapes, its csv quoting, formatUnits' digits): rendered-rows.property.test.ts holds them equal.
 */
import { KernelError } from "./errors.ts";
import type { KernelExports } from "./kernel-exports.ts";

/** A format the kernel renders rows of: one JSON object per line, or csv cells key,count[,sum]. */
export type RowFormat = "jsonl" | "csv";

/**
 * Takes the rows piece by piece as the kernel writes them, instead of their being collected into
 * RenderedRows.bytes: for 463k groups (21 MB of rows) the copies and the fresh pages they land on
 * cost ~35 ms, a view written straight to a file descriptor nothing.
 */
export interface RowSink {
  format: RowFormat;
  /**
   * Called with each piece in order: a view into the kernel's memory, valid only during the call
   * (write it or copy it). Called only once the kernel knows it can write every row.
   */
  write(piece: Uint8Array): void;
}

/** Where `render` puts the rows: collected into RenderedRows.bytes (a format), or handed to a sink. */
export type RenderTarget = RowFormat | RowSink;

/** The final groups as output rows, in key order (UTF-8 byte order of the one key field). */
export interface RenderedRows {
  format: RowFormat;
  /** The rows, each ending in "\n" (csv: no header line); empty when a RowSink took them. */
  bytes: Uint8Array;
  /** How many groups (rows). */
  count: number;
}

/**
 * The rows of the `n` entries whose addresses sortGroups wrote at `order`, or null when the kernel
 * cannot write them: a key with a byte >= 0x80 (those go through the UTF-8 decoder and its U+FFFD
 * for invalid bytes) or no memory left for the longest row. Either is known before the first piece,
 * so a sink gets all rows or none. The table is left as it was.
 */
export function renderRows(x: KernelExports, order: number, n: number, withSum: boolean, scale: number, target: RenderTarget): RenderedRows | null {
  const out = new RowPieces(target);
  for (let i = 0; i < n; ) {
    const next = x.renderRows(order, i, n, out.formatCode, withSum ? 1 : 0, scale);
    if (next < 0) {
      if (i === 0) return null;
      // renderRows decides on its first call; a later refusal would be a kernel bug.
      throw new KernelError("RENDER_FAILED", `the kernel stopped writing rows after ${i} of ${n}`);
    }
    out.take(x);
    i = next;
  }
  return out.rows(n);
}

/**
 * renderRows with every piece written just past the last (renderRowsAt), so that the rows end up one
 * after the other in the kernel's memory: `bytes` is a view there, with no copy. The memory is shared
 * (a SharedArrayBuffer) in a Worker's instance, so the view can go to another thread, and stays valid
 * while the instance is held and not reset. Null when the kernel cannot write the rows (see renderRows).
 */
export function renderRowsInPlace(x: KernelExports, order: number, n: number, withSum: boolean, scale: number, format: RowFormat): RenderedRows | null {
  if (!x.renderRowsAt) return null;
  const code = format === "jsonl" ? 0 : 1;
  const sums = withSum ? 1 : 0;
  let i = x.renderRows(order, 0, n, code, sums, scale);
  if (i < 0) return null;
  const start = x.renderedStart();
  let end = x.renderedEnd();
  while (i < n) {
    const next = x.renderRowsAt(order, i, n, code, sums, scale, end);
    // renderRows decides on its first call; a later refusal would be a kernel bug.
    if (next < 0) throw new KernelError("RENDER_FAILED", `the kernel stopped writing rows after ${i} of ${n}`);
    end = x.renderedEnd();
    i = next;
  }
  return { format, bytes: new Uint8Array(x.memory.buffer, start, end - start), count: n };
}

/** The pieces the kernel writes (renderedStart()..renderedEnd()), handed to a sink or collected. */
export class RowPieces {
  readonly format: RowFormat;
  /** The kernel's code for the format (renderRows, joinRows). */
  readonly formatCode: number;
  private readonly sink: RowSink | undefined;
  private readonly pieces: Uint8Array[] = [];
  private total = 0;

  constructor(target: RenderTarget) {
    this.format = typeof target === "string" ? target : target.format;
    this.formatCode = this.format === "jsonl" ? 0 : 1;
    this.sink = typeof target === "string" ? undefined : target;
  }

  /** Takes the piece the kernel's last call wrote. */
  take(x: KernelExports): void {
    const start = x.renderedStart();
    const piece = new Uint8Array(x.memory.buffer, start, x.renderedEnd() - start);
    // Collected pieces are copies: the memory is reused by the next piece and by the next aggregator.
    if (this.sink) this.sink.write(piece);
    else {
      this.pieces.push(piece.slice());
      this.total += piece.length;
    }
  }

  /** The result for `count` rows. */
  rows(count: number): RenderedRows {
    const { format, pieces } = this;
    if (this.sink) return { format, bytes: new Uint8Array(0), count };
    if (pieces.length === 1) return { format, bytes: pieces[0]!, count };
    const bytes = new Uint8Array(this.total);
    let at = 0;
    for (const p of pieces) {
      bytes.set(p, at);
      at += p.length;
    }
    return { format, bytes, count };
  }
}
