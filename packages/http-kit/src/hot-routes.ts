import type { Context, Hono } from "hono";
import { errorResponse } from "./errors.ts";
import type { FastHistogram } from "./fast-histogram.ts";
import { asBodyReadError, readBodyText } from "./json-body.ts";
import { bearerProblem, isMutating } from "./middleware/bearer-auth.ts";
import { declaredLengthProblem, tooLargeError } from "./middleware/body-limit.ts";
import { mutationProblem } from "./middleware/mutation-guard.ts";
import { observeRequest } from "./middleware/request-metrics.ts";

/** A request as a hot route's handler sees it, whichever path dispatched it. */
export interface HotRequest {
  readonly raw: Request;
  /** The body as text, within the service's body limit; a body the client stops sending is 400. */
  text(): Promise<string>;
  /** One query parameter; the URL is parsed only when it has a query at all. */
  query(name: string): string | undefined;
}

export type HotHandler = (req: HotRequest) => Response | Promise<Response>;
type NativeHandler = (req: Request) => Promise<Response>;
type Method = "GET" | "POST" | "PUT" | "DELETE";

/** What every request of the service passes, applied to hot routes as plain calls. */
export interface HotRouteGuards {
  service: string;
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
  add(method: Method, path: string, handler: HotHandler): this {
    this.app.on(method, path, (c) => handler(honoRequest(c)));
    (this.table[path] ??= {})[method] = this.native(method, path, handler);
    return this;
  }

  /** The table for `Bun.serve({ routes })`. */
  bunRoutes(): Record<string, Partial<Record<Method, NativeHandler>>> {
    return this.table;
  }

  private native(method: Method, path: string, handler: HotHandler): NativeHandler {
    const { service, histogram, apiToken, maxBodyBytes } = this.guards;
    return async (raw) => {
      const start = performance.now();
      let res: Response;
      try {
        const denied = apiToken !== undefined && isMutating(method) ? bearerProblem(raw.headers.get("authorization"), apiToken) : undefined;
        if (denied) {
          res = errorResponse(denied.error);
          res.headers.set("WWW-Authenticate", denied.challenge);
        } else {
          const problem = mutationProblem(method, raw.headers) ?? declaredLengthProblem(raw.headers, maxBodyBytes);
          if (problem) throw problem;
          res = await handler(nativeRequest(raw, maxBodyBytes));
        }
      } catch (err) {
        res = errorResponse(err);
      }
      observeRequest(histogram, service, method, path, res.status, start);
      return res;
    };
  }
}

function honoRequest(c: Context): HotRequest {
  return { raw: c.req.raw, text: () => readBodyText(c), query: (name) => c.req.query(name) };
}

function nativeRequest(raw: Request, maxBytes: number): HotRequest {
  let params: URLSearchParams | undefined;
  return {
    raw,
    text: () => readBounded(raw, maxBytes),
    query(name) {
      const url = raw.url;
      const q = url.indexOf("?");
      if (q < 0) return undefined;
      params ??= new URLSearchParams(url.slice(q + 1));
      return params.get(name) ?? undefined;
    },
  };
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
