import type { Context } from "hono";
import { withTimeout } from "./timeout.ts";

/** One named dependency check; resolves when healthy, rejects with a reason otherwise. */
export interface HealthCheck {
  name: string;
  check: (signal: AbortSignal) => Promise<void>;
  /** Per-check deadline; default 2000 ms. */
  timeoutMs?: number;
}

/** The /healthz body: each check's "ok" or its failure message. */
export interface HealthReport {
  status: "ok" | "fail";
  checks: Record<string, string>;
  error?: { code: string; message: string };
}

const DEFAULT_TIMEOUT_MS = 2000;

/** Runs all checks concurrently, each under its own timeout, and never throws. */
export async function runHealthChecks(checks: readonly HealthCheck[]): Promise<HealthReport> {
  const results = await Promise.all(
    checks.map(async (hc) => {
      try {
        await withTimeout(`${hc.name} check`, hc.timeoutMs ?? DEFAULT_TIMEOUT_MS, hc.check);
        return [hc.name, "ok"] as const;
      } catch (err) {
        return [hc.name, err instanceof Error ? err.message : String(err)] as const;
      }
    }),
  );
  const failed = results.filter(([, v]) => v !== "ok");
  const report: HealthReport = { status: failed.length === 0 ? "ok" : "fail", checks: Object.fromEntries(results) };
  if (failed.length > 0) {
    report.error = { code: "unhealthy", message: failed.map(([k, v]) => `${k}: ${v}`).join("; ") };
  }
  return report;
}

/** GET /healthz handler: 200 when every check passes, else 503 naming the failures. */
export function healthHandler(checks: readonly HealthCheck[]) {
  return async (c: Context): Promise<Response> => {
    const report = await runHealthChecks(checks);
    c.header("Cache-Control", "no-store");
    return c.json(report, report.status === "ok" ? 200 : 503);
  };
}
