import { HttpError, isJsonObject } from "@tally/http-kit";
import type { PublishRequest } from "./publisher.ts";

/**
 * Validates a POST /produce body into a PublishRequest.
 * `message` (or the original service's `msg`) is sent as-is when a string, else JSON-serialized.
 * Throws 400 for a malformed body and 422 for a topic outside the allow-list.
 */
export function parseProduceRequest(body: unknown, allowedTopics: readonly string[]): PublishRequest {
  if (!isJsonObject(body)) throw bad("request body must be a JSON object");
  const { topic, key } = body;
  if (typeof topic !== "string" || topic.trim() === "") throw bad("topic is required and must be a non-empty string");
  if ("message" in body && "msg" in body) throw bad("send either message or msg, not both");
  const message = "message" in body ? body.message : body.msg;
  if (message === undefined || message === null) throw bad("message is required (a string or any JSON value)");
  if (key !== undefined && key !== null && typeof key !== "string") throw bad("key must be a string when given");
  if (!allowedTopics.includes(topic)) {
    throw new HttpError(422, "topic_not_allowed", `topic ${topic} is not allowed; allowed: ${allowedTopics.join(", ")}`);
  }
  const value = typeof message === "string" ? message : JSON.stringify(message);
  return typeof key === "string" ? { topic, key, value } : { topic, value };
}

function bad(message: string): HttpError {
  return new HttpError(400, "invalid_body", message);
}
