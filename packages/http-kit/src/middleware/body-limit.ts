import type { MiddlewareHandler } from "hono";
import { bodyLimit as honoBodyLimit } from "hono/body-limit";
import { HttpError } from "../errors.ts";

/** Default request body limit: 1 MiB. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Rejects request bodies over `maxBytes` with 413 JSON. Wraps hono/body-limit, which checks
 * Content-Length up front and counts streamed (chunked) bodies as they arrive.
 */
export function bodyLimit(maxBytes: number = DEFAULT_BODY_LIMIT_BYTES): MiddlewareHandler {
  return honoBodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new HttpError(413, "payload_too_large", `request body exceeds ${maxBytes} bytes`);
    },
  });
}
