import type { Context, Hono } from "hono";
import { errorResponse } from "./errors.ts";
import type { FastHistogram } from "./fast-histogram.ts";
import { asBodyReadError, readBodyText } from "./json-body.ts";
import { bearerProblem, isMutating } from "./middleware/bearer-auth.ts";
import { declaredLengthProblem, tooLargeError } from "./middleware/body-limit.ts";
import { mutationProblem } from "./middleware/mutation-guard.ts";
import { routeSeries } from "./middleware/request-metrics.ts";

/** A request as a hot route's handler sees it, whichever path dispatched it. */
export interface HotRequest {
  readonly raw: Request;
  /** One query parameter; the URL is parsed only when it has a query at all. */
  query(name: string): string | undefined;
}

/**
 * A hot route's handler. `body` is the request body as text, already read within the service's body
 * limit (a body the client stops sending was answered 400): reading it before the handler runs lets a
 * handler that only computes be synchronous, one await fewer on every request.
 */
export type HotHandler = (req: HotRequest, body: string) => Response | Promise<Response>;

/** How a hot route may be judged. */
export interface HotRouteOptions {
  /**
   * false for a POST that only computes an answer (POST /process): it changes nothing, so a browser's
   * cross-site request can do no harm (and cannot read the answer without CORS, which we never grant),
   * and the content-type and cross-site checks are skipped. That is what lets the route never touch
   * the request's headers without a token: Bun builds the Headers object on first access, ~2.5 µs
   * a request (a tenth of the whole 3-record request). The body limit is then judged on the body read
   * (bounded by Bun's own maxRequestBodySize, see serve.ts). Default true.
   */
  sideEffects?: boolean;
}
type NativeHandler = (req: Request) => Promise<Response>;
type Method = "GET" | "POST" | "PUT" | "DELETE";

/** What every request of the service passes, applied to hot routes as plain calls. */
export interface HotRouteGuards {
  service: string;
  /** `METHOD path` of the routes without side effects, which the app's mutation guard lets through too. */
  computeOnly: Set<string>;
  histogram: FastHistogram;
  apiToken?: string;
  maxBodyBytes: number;
}

/**
 * Routes so hot that Hono's dispatch and middleware chain (~5 µs a request, measured on POST /process
 * with its 3-record payload: a quarter of the whole request) would be most of their cost. Each one is
 * registered twice with the same handler: on the Hono app (so `app.request` in tests, and any server
 * without native routes, see it), and as a Bun.serve native route that Bun matches before any JS runs,
 * wrapped in the very same checks the app-wide middleware applies — bearer token, cross-site and JSON
 * content type, body limit — plus the same request histogram and the same JSON error answers.
 * The rule for adding one: the route must be worth it in a benchmark; everything else stays in Hono.
 */
export class HotRoutes {
  private readonly table: Record<string, Partial<Record<Method, NativeHandler>>> = {};

  constructor(
    private readonly app: Hono,
    private readonly guards: HotRouteGuards,
  ) {}

  /** Registers `handler` for `method path` on the Hono app and as a native Bun route. */
  add(method: Method, path: string, handler: HotHandler, opts: HotRouteOptions = {}): this {
    this.app.on(method, path, async (c) => handler(honoRequest(c), await readBodyText(c)));
    const sideEffects = opts.sideEffects !== false;
    if (!sideEffects) this.guards.computeOnly.add(`${method} ${path}`);
    (this.table[path] ??= {})[method] = this.native(method, path, handler, sideEffects);
    return this;
  }

  /** The largest body any route of the service accepts: Bun.serve's own hard cap is set from it (serve.ts). */
  get maxBodyBytes(): number {
    return this.guards.maxBodyBytes;
  }

  /** The table for `Bun.serve({ routes })`. */
  bunRoutes(): Record<string, Partial<Record<Method, NativeHandler>>> {
    return this.table;
  }

  /**
   * The native route: the token (on mutating methods, when one is set), then — for a route with side
   * effects — the cross-site, content-type and declared-length checks; a route without side effects
   * judges its body limit on the body read instead. Same histogram, same JSON errors.
   */
  private native(method: Method, path: string, handler: HotHandler, sideEffects: boolean): NativeHandler {
    const { service, histogram, apiToken, maxBodyBytes } = this.guards;
    const needsToken = apiToken !== undefined && isMutating(method);
    const seriesOf = routeSeries(histogram, service, method, path);
    return async (raw) => {
      const start = performance.now();
      let res: Response;
      try {
        const denied = needsToken ? bearerProblem(raw.headers.get("authorization"), apiToken) : undefined;
        if (denied) {
          res = errorResponse(denied.error);
          res.headers.set("WWW-Authenticate", denied.challenge);
        } else {
          let body: string;
          if (sideEffects) {
            const problem = mutationProblem(method, raw.headers) ?? declaredLengthProblem(raw.headers, maxBodyBytes);
            if (problem) throw problem;
            body = await readBounded(raw, maxBodyBytes);
          } else {
            try {
              body = await raw.text();
            } catch (err) {
              throw asBodyReadError(err);
            }
            // At most 3 UTF-8 bytes per UTF-16 unit: count the bytes only when that bound could pass the limit.
            if (body.length * 3 > maxBodyBytes && Buffer.byteLength(body) > maxBodyBytes) throw tooLargeError(maxBodyBytes);
          }
          const answer = handler(new NativeRequest(raw), body);
          res = answer instanceof Response ? answer : await answer;
        }
      } catch (err) {
        res = errorResponse(err);
      }
      seriesOf(res.status).observe((performance.now() - start) / 1000);
      return res;
    };
  }
}

/** A HotRequest on Bun's native route. A class rather than closures: one is built on every request. */
class NativeRequest implements HotRequest {
  private params: URLSearchParams | undefined;

  constructor(readonly raw: Request) {}

  /** The URL is parsed only when asked for and only when it has a query at all. */
  query(name: string): string | undefined {
    if (this.params === undefined) {
      const url = this.raw.url;
      const q = url.indexOf("?");
      if (q < 0) return undefined;
      this.params = new URLSearchParams(url.slice(q + 1));
    }
    return this.params.get(name) ?? undefined;
  }
}

function honoRequest(c: Context): HotRequest {
  return { raw: c.req.raw, query: (name) => c.req.query(name) };
}

/**
 * The body as text. A declared length was judged already, so that body is read whole; a chunked one
 * is counted as it arrives and refused (413) once over the limit, never buffered past it.
 */
async function readBounded(raw: Request, maxBytes: number): Promise<string> {
  try {
    if (raw.headers.get("content-length") !== null && !raw.headers.has("transfer-encoding")) return await raw.text();
    if (raw.body === null) return "";
    const parts: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of raw.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > maxBytes) throw tooLargeError(maxBytes);
      parts.push(chunk);
    }
    return new TextDecoder().decode(Buffer.concat(parts));
  } catch (err) {
    throw asBodyReadError(err);
  }
}

const registered = new WeakMap<object, HotRoutes>();

/** Links an app to its hot routes so `serve(app)` can hand them to Bun without a second argument. */
export function linkHotRoutes(app: object, hot: HotRoutes): void {
  registered.set(app, hot);
}

/** The native route table of an app built by createServiceApp, if it has any hot routes. */
export function hotRoutesOf(app: object): HotRoutes | undefined {
  return registered.get(app);
}
