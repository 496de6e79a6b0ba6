import type { Hono } from "hono";
import { HttpError } from "./errors.ts";
import type { ApiDocs, JsonSchema } from "./openapi.ts";

/**
 * What the /consume routes drive: any consume loop that starts and stops idempotently and reports
 * whether it runs (the pipeline's Kafka runner fits; this kit does not depend on it).
 */
export interface ConsumeControl {
  /** Resolves once consuming, whether it just started or already was. */
  start(): Promise<void>;
  /** Resolves once stopped (the batch in flight is committed first). */
  stop(): Promise<void>;
  state(): { readonly running: boolean };
}

/**
 * POST /consume (start, idempotent), DELETE /consume (stop), GET /consume (state), for every
 * consuming service. The original started a new loop on every POST; here a second POST only reports.
 */
export function registerConsumeRoutes(app: Hono, docs: ApiDocs, controller: ConsumeControl): void {
  let starting: Promise<void> | undefined;

  app.post("/consume", async (c) => {
    if (controller.state().running) return c.json({ status: "already running", state: controller.state() }, 200);
    if (starting) {
      await starting.catch(() => {});
      if (controller.state().running) return c.json({ status: "already running", state: controller.state() }, 200);
    }
    starting = controller.start();
    try {
      await starting;
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      throw new HttpError(503, "consumer_unavailable", `could not start consuming: ${detail}`, { cause: err });
    } finally {
      starting = undefined;
    }
    return c.json({ status: "started", state: controller.state() }, 202);
  });

  app.delete("/consume", async (c) => {
    if (!controller.state().running) return c.json({ status: "not running", state: controller.state() }, 200);
    await controller.stop();
    return c.json({ status: "stopped", state: controller.state() }, 200);
  });

  app.get("/consume", (c) => c.json(controller.state()));

  const transition = (statuses: string[]): JsonSchema => ({
    type: "object",
    required: ["status", "state"],
    properties: { status: { enum: statuses }, state: STATE_SCHEMA },
  });
  docs
    .add({
      method: "post",
      path: "/consume",
      summary: "Start consuming (idempotent)",
      tags: ["consume"],
      responses: {
        202: { description: "Started", schema: transition(["started"]) },
        200: { description: "Already running; nothing changed", schema: transition(["already running"]) },
        503: { description: "Kafka unreachable or a topic is missing" },
      },
    })
    .add({
      method: "delete",
      path: "/consume",
      summary: "Stop consuming after the batch in flight is committed",
      tags: ["consume"],
      responses: { 200: { description: "Stopped (or was not running)", schema: transition(["stopped", "not running"]) } },
    })
    .add({
      method: "get",
      path: "/consume",
      summary: "Consumer state, per-partition lag and counts",
      tags: ["consume"],
      responses: { 200: { description: "Current state", schema: STATE_SCHEMA } },
    });
}

const STATE_SCHEMA: JsonSchema = {
  type: "object",
  required: ["running", "topics", "partitions", "counts"],
  properties: {
    running: { type: "boolean" },
    startedAt: { type: "string", format: "date-time" },
    topics: { type: "array", items: { type: "string" } },
    partitions: {
      type: "array",
      items: {
        type: "object",
        properties: {
          topic: { type: "string" },
          partition: { type: "integer" },
          committedOffset: { type: ["integer", "null"] },
          highWatermark: { type: "integer" },
          lag: { type: "integer" },
        },
      },
    },
    counts: {
      type: "object",
      properties: {
        records: { type: "integer", description: "Kafka records consumed and committed" },
        rejected: { type: "integer", description: "input records the jobs refused as malformed" },
        deadLetters: { type: "integer" },
      },
    },
  },
};
