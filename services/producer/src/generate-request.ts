import { findKind, kindNames, resolveOptions } from "@tally/generate";
import { HttpError, isJsonObject } from "@tally/http-kit";
import type { GenerationParams } from "./generations.ts";

/** Highest `rate` accepted (records per second), far above what one producer reaches. */
const MAX_RATE = 10_000_000;
const FIELDS = new Set(["kind", "count", "rate", "seed", "start", "topic"]);

/** What parseGenerateRequest checks against. */
export interface GenerateLimits {
  allowedTopics: readonly string[];
  /** GENERATE_MAX_COUNT. */
  maxCount: number;
}

/**
 * Validates a POST /generate body `{"kind","count","rate"?,"seed"?,"start"?,"topic"?}` into
 * GenerationParams (seed 1, start now and the kind's topic when absent). 400 for a malformed body
 * or an unknown kind (listing the known ones); 422 for a count above `maxCount` (`count_too_large`:
 * the body is well-formed, this server just will not do that much) or a topic outside the allow-list.
 */
export function parseGenerateRequest(body: unknown, limits: GenerateLimits, now: () => number = Date.now): GenerationParams {
  if (!isJsonObject(body)) throw bad("request body must be a JSON object");
  const unknown = Object.keys(body).filter((k) => !FIELDS.has(k));
  if (unknown.length > 0) throw bad(`unknown field ${unknown.join(", ")}; fields: ${[...FIELDS].join(", ")}`);
  const { kind, count, rate, seed, start, topic } = body;
  if (typeof kind !== "string") throw bad(`kind is required: one of ${kindNames().join(", ")}`);
  if (!kindNames().includes(kind)) throw new HttpError(400, "unknown_kind", `unknown kind '${kind}'; known kinds: ${kindNames().join(", ")}`);
  if (!isInteger(count) || count < 1) throw bad("count is required and must be a positive integer");
  if (count > limits.maxCount) {
    throw new HttpError(422, "count_too_large", `count ${count} is above this server's limit of ${limits.maxCount} (GENERATE_MAX_COUNT)`);
  }
  if (rate !== undefined && !(typeof rate === "number" && rate > 0 && rate <= MAX_RATE)) {
    throw bad(`rate must be a number of records per second above 0 (at most ${MAX_RATE})`);
  }
  if (seed !== undefined && !isInteger(seed)) throw bad("seed must be an integer");
  if (start !== undefined && !isInteger(start)) throw bad("start must be an integer (epoch seconds)");
  if (topic !== undefined && (typeof topic !== "string" || topic.trim() === "")) throw bad("topic must be a non-empty string");
  const target = (topic as string | undefined) ?? findKind(kind).defaultTopic;
  if (!limits.allowedTopics.includes(target)) {
    throw new HttpError(422, "topic_not_allowed", `topic ${target} is not allowed; allowed: ${limits.allowedTopics.join(", ")}`);
  }
  let resolved;
  try {
    resolved = resolveOptions({ count, seed: seed as number | undefined, start: start as number | undefined, rate: rate as number | undefined }, now);
  } catch (err) {
    // Only the range of start is left to fail here.
    throw bad((err as Error).message);
  }
  const params: GenerationParams = { kind, count, seed: resolved.seed, start: resolved.start, topic: target };
  if (resolved.rate !== undefined) params.rate = resolved.rate;
  return params;
}

function isInteger(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value);
}

function bad(message: string): HttpError {
  return new HttpError(400, "invalid_body", message);
}
