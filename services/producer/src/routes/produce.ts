import { HttpError, type ApiDocs } from "@tally/http-kit";
import type { Context, Hono } from "hono";
import { Counter, type Registry } from "prom-client";
import { parseBoundedJson } from "../bounded-json.ts";
import { IdempotencyConflictError } from "../errors.ts";
import { parseIdempotencyKeyHeader, requestFingerprint } from "../idempotency-key.ts";
import type { IdempotencyStore } from "../idempotency-store.ts";
import { parseProduceRequest, type ProduceLimits, type ProduceRequest } from "../produce-request.ts";
import { PublishError, type Placement, type Publisher } from "../publisher.ts";
import { produceDoc } from "./produce-doc.ts";

export interface ProduceRouteDeps {
  publisher: Publisher;
  allowedTopics: readonly string[];
  registry: Registry;
  limits: ProduceLimits;
  /** Outcomes by Idempotency-Key while this process lives. */
  idempotency: IdempotencyStore<Placement[]>;
}

/** POST /produce: validate, publish (coalesced with concurrent requests), answer 202 once the broker acknowledged. */
export function registerProduceRoute(app: Hono, docs: ApiDocs, deps: ProduceRouteDeps): void {
  const produced = new Counter({
    name: "tally_produced_messages_total",
    help: "Messages acknowledged by Kafka via POST /produce",
    labelNames: ["topic"] as const,
    registers: [deps.registry],
  });
  const replays = new Counter({
    name: "tally_produce_idempotent_replays_total",
    help: "POST /produce requests answered from an earlier request with the same Idempotency-Key (nothing written)",
    registers: [deps.registry],
  });

  // One labelled child per allowed topic, looked up once instead of hashing labels on every request.
  const children = new Map<string, ReturnType<typeof produced.labels>>();
  const producedIn = (topic: string) => {
    let child = children.get(topic);
    if (child === undefined) children.set(topic, (child = produced.labels({ topic })));
    return child;
  };

  app.post("/produce", async (c) => {
    const key = parseIdempotencyKeyHeader(c.req.header("idempotency-key"));
    const req = parseProduceRequest(parseBoundedJson(await c.req.text()), deps.allowedTopics, deps.limits, key);
    const publish = () => deps.publisher.publish({ topic: req.topic, messages: req.messages });
    let placements: Placement[];
    try {
      if (key === undefined) {
        placements = await publish();
      } else {
        const remembered = await deps.idempotency.run(key, requestFingerprint(req, req.batch), publish);
        placements = remembered.result;
        if (remembered.replayed) {
          replays.inc();
          c.header("Idempotent-Replayed", "true");
          return answer(c, req, placements);
        }
      }
    } catch (err) {
      throw toHttpError(err, c);
    }
    // Label only after the allow-list check, so label values stay bounded.
    producedIn(req.topic).inc(placements.length);
    return answer(c, req, placements);
  });

  docs.add(produceDoc(deps.allowedTopics, deps.limits));
}

function answer(c: Context, req: ProduceRequest, placements: Placement[]): Response {
  if (req.batch) return c.json({ topic: req.topic, count: placements.length, results: placements }, 202);
  const [one] = placements;
  return c.json({ topic: req.topic, partition: one!.partition, offset: one!.offset }, 202);
}

function toHttpError(err: unknown, c: Context): unknown {
  if (err instanceof IdempotencyConflictError) return new HttpError(422, "idempotency_key_reused", err.message, { cause: err });
  if (!(err instanceof PublishError)) return err;
  if (err.kind === "unknown_topic") return new HttpError(422, "unknown_topic", err.message, { cause: err });
  if (err.kind === "too_large") return new HttpError(413, "message_too_large", err.message, { cause: err });
  c.header("Retry-After", "5");
  return new HttpError(503, "kafka_unavailable", err.message, { cause: err });
}
