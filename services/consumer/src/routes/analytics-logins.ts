import { HttpError, readOrUnavailable, type ApiDocs, type JsonSchema } from "@tally/http-kit";
import type { Context, Hono } from "hono";
import type { LoginQueries } from "../logins/login-queries.ts";

/** Most windows one request may cover (a day of 20 s windows), so one call cannot scan everything. */
export const MAX_WINDOWS_PER_QUERY = 4320;

/**
 * GET /analytics/logins?from=T&to=T: the login counts of the windows starting in [from, to), by
 * device type, locale and in total, final or not yet. T is ISO-8601 or epoch seconds.
 */
export function registerLoginRoutes(app: Hono, docs: ApiDocs, queries: LoginQueries, windowSeconds: number): void {
  app.get("/analytics/logins", async (c) => {
    const last = c.req.query("last");
    if (last !== undefined) {
      if (!/^\d{1,3}$/.test(last) || Number(last) < 1 || Number(last) > 500) throw new HttpError(400, "invalid_range", "last must be an integer 1..500");
      return c.json(await readOrUnavailable("login windows", () => queries.latest(Number(last))));
    }
    const from = instant(c, "from");
    const to = instant(c, "to");
    if (to <= from) throw new HttpError(400, "invalid_range", "`to` must be after `from`");
    if ((to - from) / (windowSeconds * 1000) > MAX_WINDOWS_PER_QUERY) throw new HttpError(400, "invalid_range", `at most ${MAX_WINDOWS_PER_QUERY} windows of ${windowSeconds} s per request`);
    return c.json(await readOrUnavailable("login windows", () => queries.windows(from, to)));
  });

  docs.add({
    method: "get",
    path: "/analytics/logins",
    summary: "Login counts per event-time window (seed 003)",
    description:
      "Windows whose start is in [from, to) — or, with `last=N` instead, the N latest windows that have counts — sorted by window_start, then record_type (device_type, locale, total), then value. `from` and `to` are ISO-8601 (2023-09-12T00:45:40Z) or epoch seconds. Windows not yet final are listed with their counts so far and final=false. A missing device_type or locale counts under \"unknown\".",
    tags: ["analytics"],
    query: [
      { name: "last", description: "the N latest windows with counts (1..500), instead of from/to", schema: { type: "integer" } },
      { name: "from", description: "ISO-8601 (2023-09-12T00:45:00Z) or epoch seconds; inclusive", schema: { type: "string" } },
      { name: "to", description: "ISO-8601 or epoch seconds (1694479600); exclusive", schema: { type: "string" } },
    ],
    responses: {
      200: { description: "Rows per window and record type", schema: { type: "array", items: ROW } },
      400: { description: "Missing or unreadable from/to, to not after from, or too long a range" },
      503: { description: "Cassandra unavailable" },
    },
  });
}


function instant(c: Context, name: string): number {
  const text = c.req.query(name);
  if (text === undefined || text === "") throw new HttpError(400, "invalid_range", `${name} is required (ISO-8601 or epoch seconds)`);
  const ms = /^\d{1,12}$/.test(text) ? Number(text) * 1000 : /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : Number.NaN;
  if (!Number.isFinite(ms)) throw new HttpError(400, "invalid_range", `${name} is not ISO-8601 or epoch seconds: ${JSON.stringify(text.slice(0, 40))}`);
  return ms;
}

const ROW: JsonSchema = {
  type: "object",
  required: ["window_start", "window_end", "record_type", "value", "count", "final"],
  properties: {
    window_start: { type: "string", format: "date-time" },
    window_end: { type: "string", format: "date-time" },
    record_type: { enum: ["device_type", "locale", "total"] },
    value: { type: ["string", "null"] },
    count: { type: "integer" },
    final: { type: "boolean" },
  },
  example: { window_start: "2023-09-12T00:45:40Z", window_end: "2023-09-12T00:46:00Z", record_type: "device_type", value: "android", count: 12, final: true },
};
