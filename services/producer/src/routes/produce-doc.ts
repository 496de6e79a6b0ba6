import type { JsonSchema, RouteDoc } from "@tally/http-kit";
import { MAX_JSON_DEPTH } from "../bounded-json.ts";
import type { ProduceLimits } from "../produce-request.ts";

const PLACEMENT_PROPERTIES = {
  partition: { type: "integer" },
  offset: { type: "string", description: "int64 offset as a decimal string" },
};
const PLACEMENT: JsonSchema = { type: "object", required: ["partition", "offset"], properties: PLACEMENT_PROPERTIES };

const MESSAGE: JsonSchema = { description: "A string (sent as-is), or any JSON value (serialized before sending)" };

/** The OpenAPI entry of POST /produce (kept apart from the handler: it is most of the file). */
export function produceDoc(allowedTopics: readonly string[], limits: ProduceLimits): RouteDoc {
  return {
    method: "post",
    path: "/produce",
    summary: "Publish one message, or a batch, to an allowed Kafka topic; retry safely with Idempotency-Key",
    description:
      "Answers once the broker acknowledged the write (acks=all). Concurrent requests share Kafka produce requests " +
      "(at most PRODUCE_MAX_IN_FLIGHT in flight per topic; the rest gather meanwhile); each still gets its own partition and offset.\n\n" +
      "**Single form** `{topic, message | msg, key?}`: answered `{topic, partition, offset}`.\n" +
      `**Batch form** \`{topic, messages: [{message | msg, key?, id?}, ...]}\` (at most ${limits.maxRequestMessages} items): ` +
      "answered `{topic, count, results: [{partition, offset}, ...]}` in item order.\n\n" +
      "**Retrying safely**: send an `Idempotency-Key` header (1-128 printable ASCII). While this producer runs, a retry " +
      "with the same key and body is answered with the first outcome and `Idempotent-Replayed: true`, writing nothing " +
      "(a retry arriving while the first is in flight waits for it); the same key with another body is 422. Every " +
      "message carries the Kafka header `idempotency-key` (single form: the key; batch form: the item's `id`, else " +
      "`<key>/<index>`), which consumers deduplicate on, so a retry after a producer crash is billed once too.",
    tags: ["produce"],
    requestBody: {
      schema: {
        type: "object",
        required: ["topic"],
        properties: {
          topic: { type: "string", enum: [...allowedTopics] },
          message: MESSAGE,
          msg: { description: "Alias of message, as in the original service" },
          key: { type: "string", description: "Kafka message key" },
          messages: {
            type: "array",
            description: "The batch form (instead of message/msg/key)",
            items: {
              type: "object",
              required: ["message"],
              properties: {
                message: MESSAGE,
                key: { type: "string" },
                id: { type: "string", description: "This message's idempotency key (1-128 printable ASCII), unique in the batch" },
              },
            },
          },
        },
      },
      example: { topic: "billing-files", message: "/data/billing_report.csv" },
    },
    responses: {
      202: {
        description: "Acknowledged by the broker (header Idempotent-Replayed: true when answered from an earlier request)",
        schema: {
          oneOf: [
            { type: "object", required: ["topic", "partition", "offset"], properties: { topic: { type: "string" }, ...PLACEMENT_PROPERTIES } },
            {
              type: "object",
              required: ["topic", "count", "results"],
              properties: { topic: { type: "string" }, count: { type: "integer" }, results: { type: "array", items: PLACEMENT } },
            },
          ],
        },
      },
      400: { description: `Malformed body or Idempotency-Key, or JSON nested deeper than ${MAX_JSON_DEPTH}; the message names the problem` },
      413: { description: `Body over the limit, a message over ${limits.maxMessageBytes} bytes or refused as too large by the broker, or too many items` },
      422: { description: "Topic not in the allow-list (PRODUCE_TOPICS) or missing on the broker, or an Idempotency-Key reused with another body" },
      503: { description: "Kafka unreachable or did not acknowledge in time (Retry-After: 5)" },
    },
  };
}
