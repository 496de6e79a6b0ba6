import { HttpError, readJson, type ApiDocs } from "@tally/http-kit";
import type { Hono } from "hono";
import { Counter, type Registry } from "prom-client";
import { parseProduceRequest } from "../produce-request.ts";
import { PublishError, type Publisher } from "../publisher.ts";

export interface ProduceRouteDeps {
  publisher: Publisher;
  allowedTopics: readonly string[];
  registry: Registry;
}

/** POST /produce: validate, publish, answer 202 once the broker acknowledged. */
export function registerProduceRoute(app: Hono, docs: ApiDocs, deps: ProduceRouteDeps): void {
  const produced = new Counter({
    name: "tally_produced_messages_total",
    help: "Messages acknowledged by Kafka via POST /produce",
    labelNames: ["topic"] as const,
    registers: [deps.registry],
  });

  app.post("/produce", async (c) => {
    const req = parseProduceRequest(await readJson(c), deps.allowedTopics);
    try {
      const result = await deps.publisher.publish(req);
      // Label only after the allow-list check, so label values stay bounded.
      produced.inc({ topic: req.topic });
      return c.json(result, 202);
    } catch (err) {
      if (!(err instanceof PublishError)) throw err;
      if (err.kind === "unknown_topic") throw new HttpError(422, "unknown_topic", err.message, { cause: err });
      c.header("Retry-After", "5");
      throw new HttpError(503, "kafka_unavailable", err.message, { cause: err });
    }
  });

  docs.add({
    method: "post",
    path: "/produce",
    summary: "Publish one message to an allowed Kafka topic",
    description:
      "Answers once the broker acknowledged the write (acks=all). `message` (or `msg`) is sent as-is when " +
      "it is a string and JSON-serialized otherwise. `key` sets the Kafka message key.",
    tags: ["produce"],
    requestBody: {
      schema: {
        type: "object",
        required: ["topic"],
        properties: {
          topic: { type: "string", enum: [...deps.allowedTopics] },
          message: { description: "A string, or any JSON value (serialized before sending)" },
          msg: { description: "Alias of message, as in the original service" },
          key: { type: "string" },
        },
      },
      example: { topic: "billing-files", message: "/data/billing_report.csv" },
    },
    responses: {
      202: {
        description: "Acknowledged by the broker",
        schema: {
          type: "object",
          required: ["topic", "partition", "offset"],
          properties: {
            topic: { type: "string" },
            partition: { type: "integer" },
            offset: { type: "string", description: "int64 offset as a decimal string" },
          },
        },
      },
      400: { description: "Malformed body; the message names the problem" },
      422: { description: "Topic not in the allow-list (PRODUCE_TOPICS) or missing on the broker" },
      503: { description: "Kafka unreachable or did not acknowledge in time" },
    },
  });
}
