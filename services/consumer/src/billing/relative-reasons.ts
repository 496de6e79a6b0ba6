import { realpath } from "node:fs/promises";
import type { BatchContext, Transform } from "@tally/pipeline";

/**
 * Runs `transform` with its dead-letter reasons rewritten so they never show where DATA_DIR lies on
 * the host: a path inside it becomes relative (`/srv/data/a/r.csv` → `a/r.csv`), the directory
 * itself reads `DATA_DIR` (as configured and as resolved through symlinks). Reasons come from the
 * path checks and from the operating system (`EACCES: permission denied, open '…'`), so they are
 * rewritten where they leave the step rather than at each place that words one.
 */
export function relativeReasons<I, O>(dataDir: string, transform: Transform<I, O>): Transform<I, O> {
  return async (items, ctx) => {
    const bases = [...new Set([dataDir, await realpath(dataDir).catch(() => dataDir)])].sort((a, b) => b.length - a.length);
    const scoped: BatchContext = {
      batchId: ctx.batchId,
      reject: (item, reason, kind) => ctx.reject(item, relativeReason(reason, bases), kind),
      count: (counts) => ctx.count(counts),
      keepAlive: () => ctx.keepAlive(),
      onWritten: (fn) => ctx.onWritten(fn),
    };
    return transform(items, scoped);
  };
}

/** `reason` with each base directory (longest first) made relative: `base/x` → `x`, `base` → `DATA_DIR`. */
export function relativeReason(reason: string, bases: readonly string[]): string {
  let out = reason;
  for (const base of bases) {
    const dir = base.endsWith("/") ? base.slice(0, -1) : base;
    if (dir === "") continue;
    const escaped = dir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    // Only whole paths: `/srv/data` must not match inside `/srv/database` or `/mnt/srv/data`.
    out = out.replace(new RegExp(`(?<![\\w./-])${escaped}/`, "g"), "").replace(new RegExp(`(?<![\\w./-])${escaped}(?![^/\\s'":,;)])`, "g"), "DATA_DIR");
  }
  return out;
}
