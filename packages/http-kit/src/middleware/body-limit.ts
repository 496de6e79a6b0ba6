import type { MiddlewareHandler } from "hono";
import { bodyLimit as honoBodyLimit } from "hono/body-limit";
import { HttpError } from "../errors.ts";

/** Default request body limit: 1 MiB. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * The 413 for a body whose declared `Content-Length` is over `maxBytes` (or malformed), or undefined
 * when the header alone cannot tell (absent, or a chunked body that must be counted as it arrives).
 */
export function declaredLengthProblem(headers: Headers, maxBytes: number): HttpError | undefined {
  const length = headers.get("content-length");
  if (length === null || headers.has("transfer-encoding")) return undefined;
  // NaN (a malformed header) fails the comparison and is refused too.
  return Number(length) <= maxBytes ? undefined : tooLargeError(maxBytes);
}

/** The one 413 every path answers for a body over the limit. */
export function tooLargeError(maxBytes: number): HttpError {
  return new HttpError(413, "payload_too_large", `request body exceeds ${maxBytes} bytes`);
}

/**
 * Rejects request bodies over `maxBytes` with 413 JSON. A request with Content-Length is judged by
 * the header alone (Bun's server reads exactly that many bytes); a streamed (chunked) body is counted
 * as it arrives by hono/body-limit. Judging by the header first matters on the hot path: touching
 * `request.body` makes Bun turn its buffered body into a ReadableStream, which cost ~5 µs of CPU per
 * small POST, more than the handler of POST /process itself (bench/RESULTS.md).
 */
export function bodyLimit(maxBytes: number = DEFAULT_BODY_LIMIT_BYTES): MiddlewareHandler {
  const tooLarge = (): never => {
    throw tooLargeError(maxBytes);
  };
  const streamed = honoBodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return (c, next) => {
    const method = c.req.method;
    if (method === "GET" || method === "HEAD") return next();
    const headers = c.req.raw.headers;
    const length = headers.get("content-length");
    if (length === null || headers.has("transfer-encoding")) return streamed(c, next);
    // NaN (a malformed header) fails the comparison and is refused too.
    if (!(Number(length) <= maxBytes)) tooLarge();
    return next();
  };
}
