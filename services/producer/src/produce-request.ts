import { HttpError, isJsonObject } from "@tally/http-kit";
import { isIdempotencyKey } from "./idempotency-key.ts";
import type { OutgoingMessage, PublishRequest } from "./publisher.ts";

/** Limits a POST /produce body is held to (config: PRODUCE_MAX_MESSAGE_BYTES, PRODUCE_MAX_REQUEST_MESSAGES). */
export interface ProduceLimits {
  /** Largest message (value + key + header) the broker takes; above it 413. */
  maxMessageBytes: number;
  /** Most items in one `messages` array. */
  maxRequestMessages: number;
}

/** A validated POST /produce: the messages to write and which form the answer takes. */
export interface ProduceRequest extends PublishRequest {
  /** True for the `messages` array form (answered with one placement per item). */
  batch: boolean;
}

/**
 * Validates a POST /produce body. Single form: `{topic, message | msg, key?}`; batch form:
 * `{topic, messages: [{message | msg, key?, id?}, ...]}`. A string message is sent as-is, anything
 * else JSON-serialized. The Kafka header `idempotency-key` of message i is the item's `id`, else
 * `<Idempotency-Key>/<i>` in the batch form and the header key itself in the single form.
 * Throws 400 for a malformed body, 413 for a message too large for the broker, 422 for a topic outside the allow-list.
 */
export function parseProduceRequest(
  body: unknown,
  allowedTopics: readonly string[],
  limits: ProduceLimits,
  idempotencyKey?: string,
): ProduceRequest {
  if (!isJsonObject(body)) throw bad("request body must be a JSON object");
  const { topic } = body;
  if (typeof topic !== "string" || topic.trim() === "") throw bad("topic is required and must be a non-empty string");
  const batch = "messages" in body;
  if (batch && ("message" in body || "msg" in body || "key" in body)) {
    throw bad("send either messages (the batch form) or message/msg with key, not both");
  }
  if (!allowedTopics.includes(topic)) {
    throw new HttpError(422, "topic_not_allowed", `topic ${topic} is not allowed; allowed: ${allowedTopics.join(", ")}`);
  }
  const messages = batch ? batchMessages(body.messages, limits, idempotencyKey) : [oneMessage(body, "", idempotencyKey)];
  for (let i = 0; i < messages.length; i++) {
    const size = messageBytes(messages[i]!);
    if (size > limits.maxMessageBytes) {
      throw new HttpError(
        413,
        "message_too_large",
        `${batch ? `messages[${i}]` : "message"} is ${size} bytes (value, key and header); the broker takes at most ${limits.maxMessageBytes}`,
      );
    }
  }
  return { topic, messages, batch };
}

/** Bytes one message occupies in a Kafka record, near enough for limits (record framing excluded). */
export function messageBytes(m: OutgoingMessage): number {
  let n = Buffer.byteLength(m.value);
  if (m.key !== undefined) n += Buffer.byteLength(m.key);
  if (m.idempotencyKey !== undefined) n += 15 + m.idempotencyKey.length;
  return n;
}

function batchMessages(items: unknown, limits: ProduceLimits, headerKey: string | undefined): OutgoingMessage[] {
  if (!Array.isArray(items) || items.length === 0) throw bad("messages must be a non-empty array of {message, key?, id?}");
  if (items.length > limits.maxRequestMessages) {
    throw new HttpError(413, "too_many_messages", `messages has ${items.length} items; at most ${limits.maxRequestMessages} per request`);
  }
  const ids = new Map<string, number>();
  const out = new Array<OutgoingMessage>(items.length);
  for (let i = 0; i < items.length; i++) {
    const item: unknown = items[i];
    const where = `messages[${i}]`;
    if (!isJsonObject(item)) throw bad(`${where} must be an object {message, key?, id?}`);
    const { id } = item;
    if (id !== undefined && (typeof id !== "string" || !isIdempotencyKey(id))) {
      throw bad(`${where}.id must be 1 to 128 printable ASCII characters`);
    }
    if (typeof id === "string") {
      const first = ids.get(id);
      if (first !== undefined) throw bad(`${where}.id repeats messages[${first}].id; each message needs its own id`);
      ids.set(id, i);
    }
    out[i] = oneMessage(item, `${where}.`, id ?? (headerKey === undefined ? undefined : `${headerKey}/${i}`));
  }
  return out;
}

function oneMessage(item: Record<string, unknown>, where: string, idempotencyKey: string | undefined): OutgoingMessage {
  if ("message" in item && "msg" in item) throw bad(`send either ${where}message or ${where}msg, not both`);
  const message = "message" in item ? item.message : item.msg;
  if (message === undefined || message === null) throw bad(`${where}message is required (a string or any JSON value)`);
  const { key } = item;
  if (key !== undefined && key !== null && typeof key !== "string") throw bad(`${where}key must be a string when given`);
  // Depth was bounded before parsing (json-depth.ts), so this cannot overflow the stack.
  const m: OutgoingMessage = { value: typeof message === "string" ? message : JSON.stringify(message) };
  if (typeof key === "string") m.key = key;
  if (idempotencyKey !== undefined) m.idempotencyKey = idempotencyKey;
  return m;
}

function bad(message: string): HttpError {
  return new HttpError(400, "invalid_body", message);
}
