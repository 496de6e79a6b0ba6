import type { ApiDocs } from "@tally/http-kit";
import type { Hono } from "hono";
import { dashboardPage } from "../logins/dashboard-page.ts";

/** GET /dashboard: the live login-analytics page (self-contained HTML, polling GET /analytics/logins). */
export function registerDashboardRoute(app: Hono, docs: ApiDocs, windowSeconds: number): void {
  const html = dashboardPage({ windowSeconds });
  app.get("/dashboard", (c) => c.html(html));
  docs.add({
    method: "get",
    path: "/dashboard",
    summary: "Live login dashboard: logins per window by device type, locale and in total",
    description: "A self-contained HTML page (no CDN) that polls GET /analytics/logins?last=15 every 2 s.",
    tags: ["analytics"],
    responses: { 200: { description: "HTML page" } },
  });
}
