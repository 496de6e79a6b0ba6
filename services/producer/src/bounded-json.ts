import { HttpError } from "@tally/http-kit";
import { nestsDeeperThan } from "./json-depth.ts";

/** Deepest nesting a POST /produce body may have (the body, `messages`, an item, then the message itself). */
export const MAX_JSON_DEPTH = 64;

/**
 * Parses a request body as JSON after refusing, in one linear scan, anything nested deeper than
 * `maxDepth`: such a body would stall the event loop in JSON.stringify (issue 12). Errors are 400 with
 * the same codes as http-kit's readJson (`invalid_body`, `malformed_json`) plus `json_too_deep`.
 */
export function parseBoundedJson(text: string, maxDepth: number = MAX_JSON_DEPTH): unknown {
  if (text.trim() === "") throw new HttpError(400, "invalid_body", "request body is empty; expected a JSON object");
  if (nestsDeeperThan(text, maxDepth)) {
    throw new HttpError(400, "json_too_deep", `request body nests arrays/objects deeper than ${maxDepth} levels`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new HttpError(400, "malformed_json", `request body is not valid JSON: ${detail}`);
  }
}
