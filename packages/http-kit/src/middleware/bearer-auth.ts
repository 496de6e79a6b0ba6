import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { HttpError } from "../errors.ts";

/** Methods that change state and therefore need the token. */
const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function digest(s: string): Buffer {
  // Hashing first makes both sides the same length, so the compare leaks neither content nor length.
  return createHash("sha256").update(s).digest();
}

/** Constant-time string equality. */
export function tokensEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/** Why a request lacks the right bearer token (the 401 and its `WWW-Authenticate` challenge), or undefined. */
export interface AuthProblem {
  error: HttpError;
  challenge: string;
}

/** Judges one `Authorization` header against the configured token; pure, shared by every dispatch path. */
export function bearerProblem(authorization: string | null, token: string): AuthProblem | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(authorization ?? "");
  if (!match?.[1]) {
    return { error: new HttpError(401, "unauthorized", "missing bearer token: send Authorization: Bearer <API_TOKEN>"), challenge: 'Bearer realm="tally"' };
  }
  if (!tokensEqual(match[1].trim(), token)) {
    return { error: new HttpError(401, "unauthorized", "invalid bearer token"), challenge: 'Bearer realm="tally", error="invalid_token"' };
  }
  return undefined;
}

/** true for the methods that change state and therefore need the token. */
export function isMutating(method: string): boolean {
  return MUTATING.has(method);
}

/**
 * Requires `Authorization: Bearer <token>` on mutating methods (POST, PUT, PATCH, DELETE).
 * With no token configured it lets everything through, so local use needs no setup.
 * Applied app-wide by method rather than per route, so a new route cannot forget it.
 */
export function bearerAuth(token: string | undefined): MiddlewareHandler {
  // Without a token this is a plain pass-through: no async frame on every request.
  if (token === undefined) return (_c, next) => next();
  return async (c, next) => {
    if (!MUTATING.has(c.req.method)) return next();
    const problem = bearerProblem(c.req.header("authorization") ?? null, token);
    if (problem) {
      c.header("WWW-Authenticate", problem.challenge);
      throw problem.error;
    }
    return next();
  };
}
