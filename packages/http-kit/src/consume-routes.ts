import type { Hono } from "hono";
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
 * POST /consume (start in the background, idempotent), DELETE /consume (stop), GET /consume (state),
 * for every consuming service. The original started a new loop on every POST; here a second POST
 * only reports, and no POST waits for the group join.
 */
export function registerConsumeRoutes(app: Hono, docs: ApiDocs, controller: ConsumeControl): void {
  let starting: Promise<void> | undefined;
  let startError: string | undefined;
  // What GET /consume and every answer show: the loop's state, plus a start in progress or the last one that failed.
  const view = () => ({ ...controller.state(), ...(starting ? { starting: true } : {}), ...(startError ? { startError } : {}) });

  app.post("/consume", (c) => {
    if (controller.state().running) return c.json({ status: "already running", state: view() }, 200);
    // Joining a group can take as long as a dead member's session (tens of seconds after a crash):
    // the start runs in the background and the answer comes at once; GET /consume tells how it went.
    starting ??= controller
      .start()
      .then(
        () => void (startError = undefined),
        (err: unknown) => void (startError = err instanceof Error ? err.message : String(err)),
      )
      .finally(() => {
        starting = undefined;
      });
    return c.json({ status: "starting", state: view() }, 202);
  });

  app.delete("/consume", async (c) => {
    await starting; // a start in progress finishes first, so a DELETE right after a POST still stops it
    if (!controller.state().running) return c.json({ status: "not running", state: view() }, 200);
    await controller.stop();
    return c.json({ status: "stopped", state: view() }, 200);
  });

  app.get("/consume", (c) => c.json(view()));

  const transition = (statuses: string[]): JsonSchema => ({
    type: "object",
    required: ["status", "state"],
    properties: { status: { enum: statuses }, state: STATE_SCHEMA },
  });
  docs
    .add({
      method: "post",
      path: "/consume",
      summary: "Start consuming in the background (idempotent)",
      description: "Answers at once. GET /consume shows `starting: true` until the group is joined, then `running: true`; a start that failed (Kafka unreachable, a topic missing) shows as `startError`, and another POST tries again.",
      tags: ["consume"],
      responses: {
        202: { description: "Starting (or already starting)", schema: transition(["starting"]) },
        200: { description: "Already running; nothing changed", schema: transition(["already running"]) },
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
    starting: { type: "boolean", description: "present while a start is in progress" },
    startError: { type: "string", description: "why the last start failed, until one succeeds" },
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
