import type { MiddlewareHandler } from "hono";
import { HttpError } from "../errors.ts";
import { bodyLimit, DEFAULT_BODY_LIMIT_BYTES } from "./body-limit.ts";

/** What the guard lets through besides JSON; every Tally route reads JSON, so nothing by default. */
export interface MutationGuardOptions {
  maxBodyBytes?: number;
  /** `METHOD path` of routes that only compute an answer (hot-routes.ts): the body limit applies, the cross-site and type checks do not. */
  computeOnly?: ReadonlySet<string>;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Why a mutating request must be refused before any route sees it, or undefined if it may pass.
 * Pure: judged from the method and headers alone, so it costs no body read.
 *
 * - A browser page on another site can send a "simple" cross-origin POST (text/plain, form
 *   encodings, or no body at all) without a CORS preflight. `Sec-Fetch-Site: cross-site` names
 *   exactly that case, so it is refused (403) whatever the body.
 * - A body must be declared JSON (`application/json` or `application/*+json`): any other type, or
 *   a body with no type, is 415. Requiring JSON forces a preflight on cross-origin callers, which
 *   we never grant. A POST with neither body nor type (`curl -X POST /consume`) passes.
 */
export function mutationProblem(method: string, headers: Headers): HttpError | undefined {
  if (SAFE_METHODS.has(method)) return undefined;
  if (headers.get("sec-fetch-site") === "cross-site") {
    return new HttpError(403, "cross_site_request", "cross-site requests may not change state; call the API from the same origin or a non-browser client");
  }
  const type = headers.get("content-type");
  if (type === null) {
    return hasBody(headers)
      ? new HttpError(415, "unsupported_media_type", "request body has no Content-Type; send it as application/json")
      : undefined;
  }
  if (!isJsonType(type)) {
    return new HttpError(415, "unsupported_media_type", `Content-Type ${quoteType(type)} is not accepted; send the body as application/json`);
  }
  return undefined;
}

/** true for `application/json` and `application/<x>+json`, with or without parameters. */
export function isJsonType(contentType: string): boolean {
  const semi = contentType.indexOf(";");
  const essence = (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  return essence === "application/json" || (essence.startsWith("application/") && essence.endsWith("+json"));
}

function hasBody(headers: Headers): boolean {
  if (headers.has("transfer-encoding")) return true;
  const length = headers.get("content-length");
  return length !== null && length.trim() !== "0";
}

function quoteType(type: string): string {
  // The header is the client's text: bound it before echoing it back.
  return JSON.stringify(type.length > 80 ? `${type.slice(0, 80)}…` : type);
}

/**
 * One middleware for every mutating request: the cross-site and content-type checks of
 * {@link mutationProblem}, then the body limit. One layer, not three, because each Hono layer costs a
 * dispatch on every request of the hot POST /process path.
 */
export function mutationGuard(opts: MutationGuardOptions = {}): MiddlewareHandler {
  const limit = bodyLimit(opts.maxBodyBytes ?? DEFAULT_BODY_LIMIT_BYTES);
  const computeOnly = opts.computeOnly ?? new Set<string>();
  return (c, next) => {
    const method = c.req.method;
    if (SAFE_METHODS.has(method)) return next();
    if (computeOnly.size > 0 && computeOnly.has(`${method} ${c.req.path}`)) return limit(c, next);
    const problem = mutationProblem(method, c.req.raw.headers);
    if (problem) throw problem;
    return limit(c, next);
  };
}
