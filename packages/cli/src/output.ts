import { formatUnits } from "@tally/decimal";
import type { AggregateResult, AggregateSpec, Group } from "@tally/kernel-wasm";
import { sortedOrder } from "@tally/pipeline";
import type { OutputFormat } from "./args.ts";

/**
 * The groups as output lines (each ending in "\n") in the requested format, sorted by key element
 * by element in UTF-8 byte order. The kernel sorts them itself when it can (`keyOrdered`: one key
 * field); otherwise lines are rendered in the groups' own order and only then put in key order:
 * the group objects sit in memory in the order they were created, and rendering 463k of them in
 * key order (random access) took ~10x longer.
 */
export function renderSorted(result: AggregateResult, spec: AggregateSpec, format: OutputFormat): string[] {
  const { head, rows } = renderGroups(result.groups, spec, format);
  if (result.keyOrdered) return head.length ? [...head, ...rows] : rows;
  const order = sortedOrder(result.groups.map((g) => g.key));
  const lines = head.slice();
  for (const i of order) lines.push(rows[i]!);
  return lines;
}

/** Renders `groups` in the order given: header lines (csv, table) and one line per group. */
export function renderGroups(groups: readonly Group[], spec: AggregateSpec, format: OutputFormat): { head: string[]; rows: string[] } {
  const scale = spec.scale ?? 2;
  const hasSum = spec.sum !== undefined;
  const sumText = (g: Group) => formatUnits(g.sum ?? 0n, scale);
  switch (format) {
    case "jsonl":
      // The same text JSON.stringify gives for { key, count, sum } (count an integer, sum digits,
      // '-' and '.'), built without an object per group: ~2x faster for 463k groups.
      return {
        head: [],
        rows: hasSum
          ? groups.map((g) => `{"key":${JSON.stringify(g.key)},"count":${g.count},"sum":"${sumText(g)}"}\n`)
          : groups.map((g) => `{"key":${JSON.stringify(g.key)},"count":${g.count}}\n`),
      };
    case "csv": {
      const header = [...spec.keys.map(columnName), "count", ...(hasSum ? ["sum"] : [])];
      const line = (cells: string[]) => cells.map(csvCell).join(",") + "\n";
      return { head: [line(header)], rows: groups.map((g) => line([...g.key, String(g.count), ...(hasSum ? [sumText(g)] : [])])) };
    }
    case "table":
      return renderTable(groups, spec, hasSum ? sumText : undefined);
  }
}

function renderTable(groups: readonly Group[], spec: AggregateSpec, sumText: ((g: Group) => string) | undefined): { head: string[]; rows: string[] } {
  const header = [...spec.keys.map(columnName), "count", ...(sumText ? [`sum(${columnName(spec.sum!)})`] : [])];
  const rows = groups.map((g) => [...g.key.map(printable), String(g.count), ...(sumText ? [sumText(g)] : [])]);
  // A loop, not Math.max(...spread): hundreds of thousands of arguments overflow the stack.
  const widths = header.map(width);
  for (const r of rows) for (let i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i]!, width(r[i] ?? ""));
  const keyColumns = spec.keys.length;
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i < keyColumns ? c + " ".repeat(widths[i]! - width(c)) : " ".repeat(widths[i]! - width(c)) + c))
      .join("  ")
      .trimEnd() + "\n";
  const rule = widths.map((w) => "─".repeat(w)).join("  ") + "\n";
  return { head: [line(header), rule], rows: rows.map(line) };
}

/** Key fields are names (csv, ndjson) or positions (log). */
function columnName(field: string | number): string {
  return typeof field === "number" ? `field ${field}` : field;
}

/** Control characters would break the table's lines; show them escaped. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]/.test(text) ? JSON.stringify(text).slice(1, -1) : text;
}

function width(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One-line summary for stderr. */
export function summaryLine(result: AggregateResult, seconds: number, engine: string): string {
  const mb = result.bytes / 1e6;
  const rate = seconds > 0 ? mb / seconds : 0;
  const groups = result.rendered?.count ?? result.groups.length;
  return `${result.records} records, ${result.rejectedCount} rejected, ${groups} groups; ${mb.toFixed(2)} MB in ${seconds.toFixed(3)} s (${rate.toFixed(1)} MB/s, ${engine})\n`;
}
