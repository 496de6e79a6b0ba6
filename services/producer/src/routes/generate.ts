import { GenerateProduceError, kindNames } from "@tally/generate";
import { HttpError, readJson, type ApiDocs, type JsonSchema } from "@tally/http-kit";
import type { Hono } from "hono";
import { Counter, type Registry } from "prom-client";
import { GenerationLimitError } from "../errors.ts";
import { parseGenerateRequest } from "../generate-request.ts";
import type { Generations } from "../generations.ts";

export interface GenerateRouteDeps {
  generations: Generations;
  allowedTopics: readonly string[];
  /** GENERATE_MAX_COUNT. */
  generateMaxCount: number;
  registry: Registry;
}

/**
 * POST /generate starts a background generation (202), GET /generate and GET /generate/{id} show
 * progress, DELETE /generate/{id} cancels. POST and DELETE need the bearer token when API_TOKEN is
 * set (the app applies it to every mutating method).
 */
export function registerGenerateRoutes(app: Hono, docs: ApiDocs, deps: GenerateRouteDeps): void {
  const { generations } = deps;
  const generated = new Counter({
    name: "tally_generated_records_total",
    help: "Generated records acknowledged by Kafka via POST /generate",
    labelNames: ["kind", "topic"] as const,
    registers: [deps.registry],
  });
  // Labels are bounded: kinds are a fixed list, topics passed the PRODUCE_TOPICS allow-list.
  generations.observeRecords((params, records) => generated.inc({ kind: params.kind, topic: params.topic }, records));

  app.post("/generate", async (c) => {
    const params = parseGenerateRequest(await readJson(c), { allowedTopics: deps.allowedTopics, maxCount: deps.generateMaxCount });
    try {
      const view = await generations.start(params);
      c.header("Location", `/generate/${view.id}`);
      return c.json(view, 202);
    } catch (err) {
      if (err instanceof GenerationLimitError) throw new HttpError(429, "too_many_generations", err.message, { cause: err });
      if (!(err instanceof GenerateProduceError)) throw err;
      if (err.kind === "unknown_topic") throw new HttpError(422, "unknown_topic", err.message, { cause: err });
      c.header("Retry-After", "5");
      throw new HttpError(503, "kafka_unavailable", err.message, { cause: err });
    }
  });

  app.get("/generate", (c) => c.json(generations.list()));

  app.get("/generate/:id", (c) => c.json(generations.get(c.req.param("id")) ?? notFound(c.req.param("id"))));

  app.delete("/generate/:id", async (c) => {
    const view = await generations.cancel(c.req.param("id"));
    if (!view) notFound(c.req.param("id"));
    // Still running: the batch in flight has not been acknowledged within the wait; it stops after it.
    return c.json(view, view!.status === "running" ? 202 : 200);
  });

  documentRoutes(docs, deps);
}

function notFound(id: string): never {
  throw new HttpError(404, "generation_not_found", `no generation ${id} (the last 20 are kept)`);
}

const VIEW_SCHEMA: JsonSchema = {
  type: "object",
  required: ["id", "kind", "count", "seed", "start", "rate", "topic", "status", "sent", "total", "ratePerSec", "startedAt"],
  properties: {
    id: { type: "string" },
    kind: { type: "string" },
    count: { type: "integer" },
    seed: { type: "integer" },
    start: { type: "integer", description: "Epoch second of the first record; pass it again to repeat the stream exactly" },
    rate: { type: ["number", "null"], description: "Records per second; null: as fast as Kafka takes them" },
    topic: { type: "string" },
    status: { enum: ["running", "done", "failed", "cancelled"] },
    sent: { type: "integer", description: "Records Kafka acknowledged so far" },
    total: { type: "integer" },
    ratePerSec: { type: "integer", description: "Records per second so far" },
    startedAt: { type: "string", format: "date-time" },
    finishedAt: { type: "string", format: "date-time" },
    error: { type: "string", description: "Why a failed generation failed" },
  },
};

function documentRoutes(docs: ApiDocs, deps: GenerateRouteDeps): void {
  const idDoc = { tags: ["generate"] };
  docs
    .add({
      method: "post",
      path: "/generate",
      summary: "Start generating a synthetic stream to Kafka in the background",
      description:
        `Deterministic per (kind, seed, start, rate). Event time advances 1/rate s per record (1/100 s without a rate); ` +
        `for logins, 5 % of records are 1–5 s late, never more than 5 s behind the highest timestamp before them. Kinds: ${kindNames().join(", ")}. ` +
        `At most one generation runs at a time; poll GET /generate/{id}.`,
      tags: ["generate"],
      requestBody: {
        schema: {
          type: "object",
          required: ["kind", "count"],
          additionalProperties: false,
          properties: {
            kind: { type: "string", enum: kindNames() },
            count: { type: "integer", minimum: 1, maximum: deps.generateMaxCount },
            rate: { type: "number", exclusiveMinimum: 0, description: "Records per second; absent: as fast as Kafka takes them" },
            seed: { type: "integer", default: 1 },
            start: { type: "integer", minimum: 0, description: "Epoch second of the first record; default now" },
            topic: { type: "string", enum: [...deps.allowedTopics], description: "Default: the kind's topic (logins: user-login)" },
          },
        },
        example: { kind: "logins", count: 100000, rate: 1000, seed: 1 },
      },
      responses: {
        202: { description: "Started; Location: /generate/{id}", schema: VIEW_SCHEMA },
        400: { description: "Malformed body or unknown kind (the message lists the known kinds)" },
        422: { description: "count above GENERATE_MAX_COUNT (count_too_large), topic not in PRODUCE_TOPICS or missing on the broker" },
        429: { description: "A generation is already running" },
        503: { description: "Kafka unreachable" },
      },
    })
    .add({
      method: "get",
      path: "/generate",
      summary: "The last 20 generations, newest first",
      ...idDoc,
      responses: { 200: { description: "Generations", schema: { type: "array", items: VIEW_SCHEMA } } },
    })
    .add({
      method: "get",
      path: "/generate/:id",
      summary: "One generation's status and progress",
      ...idDoc,
      responses: { 200: { description: "The generation", schema: VIEW_SCHEMA }, 404: { description: "No such generation" } },
    })
    .add({
      method: "delete",
      path: "/generate/:id",
      summary: "Cancel a generation after its batch in flight",
      description: "Waits up to 10 s for the generation to stop. A finished generation is returned unchanged.",
      ...idDoc,
      responses: {
        200: { description: "Stopped (status cancelled), or already finished", schema: VIEW_SCHEMA },
        202: { description: "Asked to stop; still draining its batch in flight", schema: VIEW_SCHEMA },
        404: { description: "No such generation" },
      },
    });
}
