import type { Context } from "hono";
import { HttpError } from "./errors.ts";

/**
 * The request body parsed as JSON, or a 400 HttpError saying why not (empty or malformed),
 * so handlers never see Hono's bare SyntaxError.
 */
export async function readJson(c: Context): Promise<unknown> {
  const text = await readBodyText(c);
  if (text.trim() === "") throw new HttpError(400, "invalid_body", "request body is empty; expected a JSON object");
  try {
    return JSON.parse(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new HttpError(400, "malformed_json", `request body is not valid JSON: ${detail}`);
  }
}

/**
 * The request body as text. A body that cannot be read (the client stalled until the server's idle
 * timeout, or hung up mid-body) is the client's failure: 400, not a 500 in the error metrics.
 */
export async function readBodyText(c: Context): Promise<string> {
  try {
    return await c.req.text();
  } catch (err) {
    throw asBodyReadError(err);
  }
}

/** A failed body read as the client's error (400), keeping an HttpError (the body limit's 413) as it is. */
export function asBodyReadError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new HttpError(400, "body_unreadable", `request body could not be read (client stalled or closed the connection): ${detail}`);
}

/** Narrowing helper: a plain JSON object (not an array or null). */
export function isJsonObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
