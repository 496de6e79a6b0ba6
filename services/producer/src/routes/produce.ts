import { HttpError, type ApiDocs, type HotRequest, type HotRoutes } from "@tally/http-kit";
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

/**
 * POST /produce: validate, publish (coalesced with concurrent requests), answer 202 once the broker
 * acknowledged. A hot route (http-kit hot-routes.ts): Bun matches it natively under the same token,
 * content-type, cross-site and body-limit checks, without Hono's dispatch on the single-message path.
 */
export function registerProduceRoute(hot: HotRoutes, docs: ApiDocs, deps: ProduceRouteDeps): void {
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

  hot.add("POST", "/produce", async (http: HotRequest, body: string) => {
    const key = parseIdempotencyKeyHeader(http.raw.headers.get("idempotency-key") ?? undefined);
    const req = parseProduceRequest(parseBoundedJson(body), deps.allowedTopics, deps.limits, key);
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
          return answer(req, placements, REPLAYED);
        }
      }
    } catch (err) {
      return failure(err);
    }
    // Label only after the allow-list check, so label values stay bounded.
    producedIn(req.topic).inc(placements.length);
    return answer(req, placements);
  });

  docs.add(produceDoc(deps.allowedTopics, deps.limits));
}

const REPLAYED = { "Idempotent-Replayed": "true" };

function answer(req: ProduceRequest, placements: Placement[], headers?: Record<string, string>): Response {
  const body = req.batch
    ? { topic: req.topic, count: placements.length, results: placements }
    : { topic: req.topic, partition: placements[0]!.partition, offset: placements[0]!.offset };
  return Response.json(body, { status: 202, headers });
}

/** The answer to a failed publish; anything unexpected is rethrown to the service's 500 handling. */
function failure(err: unknown): Response {
  if (err instanceof IdempotencyConflictError) throw new HttpError(422, "idempotency_key_reused", err.message, { cause: err });
  if (!(err instanceof PublishError)) throw err;
  if (err.kind === "unknown_topic") throw new HttpError(422, "unknown_topic", err.message, { cause: err });
  if (err.kind === "too_large") throw new HttpError(413, "message_too_large", err.message, { cause: err });
  const unavailable = new HttpError(503, "kafka_unavailable", err.message, { cause: err });
  return Response.json(unavailable.toBody(), { status: 503, headers: { "Retry-After": "5" } });
}
