/**
 * The test's own model of the login-windows semantics, computed from the same events: per
 * partition, in offset order, an event is late when its window ends at or before that partition's
 * watermark (highest event time so far − lateness); otherwise it counts once under its device type,
 * its locale and the total ("unknown" for a missing or empty field). Written apart from the job.
 */
export interface ReferenceRow {
  window_start: string;
  record_type: string;
  value: string | null;
  count: number;
}

export function referenceCounts(partitions: readonly (readonly string[])[], windowS: number, latenessS: number): { rows: ReferenceRow[]; late: number; rejected: number } {
  const cells = new Map<string, ReferenceRow>();
  let late = 0;
  let rejected = 0;
  for (const values of partitions) {
    let watermark = Number.NEGATIVE_INFINITY;
    for (const text of values) {
      let e: Record<string, unknown>;
      try {
        e = JSON.parse(text) as Record<string, unknown>;
      } catch {
        rejected++;
        continue;
      }
      const t = typeof e.timestamp === "string" && /^\d+$/.test(e.timestamp) ? Number(e.timestamp) : typeof e.timestamp === "number" && Number.isInteger(e.timestamp) ? e.timestamp : null;
      if (e === null || typeof e !== "object" || Array.isArray(e) || t === null) {
        rejected++;
        continue;
      }
      const start = Math.floor(t / windowS) * windowS;
      if (start + windowS <= watermark) late++;
      else {
        const ws = new Date(start * 1000).toISOString().replace(".000Z", "Z");
        const field = (name: string) => (typeof e[name] === "string" && e[name] !== "" ? (e[name] as string) : "unknown");
        for (const [record_type, value] of [["device_type", field("device_type")], ["locale", field("locale")], ["total", null]] as const) {
          const id = `${ws}|${record_type}|${value}`;
          const row = cells.get(id) ?? { window_start: ws, record_type, value, count: 0 };
          row.count++;
          cells.set(id, row);
        }
      }
      watermark = Math.max(watermark, t - latenessS);
    }
  }
  const order = ["device_type", "locale", "total"];
  const rows = [...cells.values()].sort(
    (a, b) => a.window_start.localeCompare(b.window_start) || order.indexOf(a.record_type) - order.indexOf(b.record_type) || (String(a.value) < String(b.value) ? -1 : String(a.value) > String(b.value) ? 1 : 0),
  );
  return { rows, late, rejected };
}
