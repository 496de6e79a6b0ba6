import type { Progress } from "@tally/generate";
import type { CliIo } from "./io.ts";

/**
 * `tally generate`'s progress on stderr: on a terminal one line rewritten in place (\r) at most
 * 4 times a second and cleared at the end; otherwise (a log file, a CI job) a full line about
 * once a second, so logs stay readable. Short runs print nothing until their summary.
 */
export function generateProgress(io: CliIo, label: string, now: () => number = () => performance.now()): { update(p: Progress): void; done(): void } {
  const interval = io.stderrIsTTY ? 250 : 1000;
  const started = now();
  let last = started;
  let shown = false;
  return {
    update(p) {
      const t = now();
      if (t - last < interval) return;
      last = t;
      const line = progressLine(label, p);
      if (io.stderrIsTTY) io.stderr(`\r${line}\x1b[K`);
      else io.stderr(`${line}\n`);
      shown = true;
    },
    done() {
      if (io.stderrIsTTY && shown) io.stderr("\r\x1b[K");
    },
  };
}

/** `logins → user-login: 250000 / 1000000 (25%), 84210 records/s`. */
export function progressLine(label: string, p: Progress): string {
  const percent = p.total > 0 ? Math.floor((100 * p.sent) / p.total) : 100;
  return `${label}: ${p.sent} / ${p.total} (${percent}%), ${Math.round(p.ratePerSec)} records/s`;
}
