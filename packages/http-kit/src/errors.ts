import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** The JSON shape of every error answer: `{ "error": { "code", "message" } }`. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/**
 * The one error type routes throw to answer with a status (like Hono's HTTPException).
 * `code` is a stable machine-readable word; `message` is for people.
 */
export class HttpError extends Error {
  override readonly name = "HttpError";

  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The JSON body this error answers with. */
  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}

/** Builds the JSON error body for a status, code and message. */
export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}

/**
 * Hono `onError` handler: HttpError answers as itself; Hono's own HTTPException keeps its status;
 * anything else is a 500 whose message is not leaked (it may hold hostnames or stack details).
 */
export function handleError(err: Error, c: Context): Response {
  if (err instanceof HttpError) return c.json(err.toBody(), err.status);
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    return c.json(errorBody(codeForStatus(status), err.message || "request failed"), status);
  }
  return c.json(internalError(err), 500);
}

/**
 * The same answers as {@link handleError} for code that runs outside Hono (the native hot routes):
 * an HttpError as itself, anything else a 500 whose message is not leaked.
 */
export function errorResponse(err: unknown): Response {
  if (err instanceof HttpError) return Response.json(err.toBody(), { status: err.status });
  return Response.json(internalError(err), { status: 500 });
}

function internalError(err: unknown): ErrorBody {
  const stack = err instanceof Error ? err.stack : undefined;
  console.error(JSON.stringify({ level: "error", msg: "unhandled error", error: String(err), stack }));
  return errorBody("internal", "internal server error");
}

/** Hono `notFound` handler answering the JSON error shape. */
export function handleNotFound(c: Context): Response {
  return c.json(errorBody("not_found", `no route for ${c.req.method} ${c.req.path}`), 404);
}

function codeForStatus(status: number): string {
  switch (status) {
    case 400: return "bad_request";
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 413: return "payload_too_large";
    case 422: return "unprocessable";
    case 503: return "unavailable";
    default: return status >= 500 ? "internal" : "error";
  }
}

/**
 * Runs a read for a route; when the store cannot answer, a 503 `cassandra_unavailable` naming what
 * could not be read (`what`, e.g. "billing data") and why, so every read route fails the same way.
 */
export async function readOrUnavailable<T>(what: string, query: () => Promise<T>): Promise<T> {
  try {
    return await query();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new HttpError(503, "cassandra_unavailable", `could not read ${what}: ${detail}`, { cause: error });
  }
}
