import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { Registry } from "prom-client";
import { FastHistogram, type HistogramSeries } from "../fast-histogram.ts";

/** Buckets from 1 ms to 10 s: produce calls wait for broker acks, which can take a while under load. */
const BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * `tally_http_request_duration_seconds{service,method,route,status}`: one histogram per app, shared by
 * the Hono middleware and the native hot routes so both paths export the same series.
 */
export function requestHistogram(registry: Registry): FastHistogram {
  // A FastHistogram, not prom-client's Histogram: this runs on every request (see fast-histogram.ts).
  return new FastHistogram({
    name: "tally_http_request_duration_seconds",
    help: "HTTP request duration in seconds, by matched route",
    labelNames: ["service", "method", "route", "status"],
    buckets: BUCKETS,
    registers: [registry],
  });
}

/**
 * The series of one route's answers by status, for a path that knows its route up front (a hot route):
 * after the first answer of a status, observing it is a clock read and one typed-array increment.
 */
export function routeSeries(histogram: FastHistogram, service: string, method: string, route: string): (status: number) => HistogramSeries {
  const byStatus: HistogramSeries[] = [];
  return (status) => (byStatus[status] ??= histogram.series([service, method, route, String(status)]));
}

/**
 * Records every request in `histogram` (see {@link requestHistogram}). `route` is the matched route
 * pattern (e.g. `/consume`), or `unmatched` for 404s, so arbitrary request paths never become label values.
 */
export function requestMetrics(service: string, registry: Registry, histogram: FastHistogram = requestHistogram(registry)): MiddlewareHandler {
  return async (c, next) => {
    const start = performance.now();
    try {
      await next();
    } finally {
      // After next(), the route index points at the handler that answered; a bare wildcard
      // means only middleware matched, i.e. no route.
      const pattern = routePath(c);
      const route = pattern === "" || pattern === "*" || pattern === "/*" ? "unmatched" : pattern;
      histogram.series([service, c.req.method, route, String(c.res.status)]).observe((performance.now() - start) / 1000);
    }
  };
}
