import { describe, expect, test } from "bun:test";
import { createMetricsRegistry } from "./metrics.ts";
import { registerConsumeRoutes, type ConsumeControl } from "./consume-routes.ts";
import { createServiceApp } from "./service-app.ts";

/** Counts start() calls the way a real loop would: a second loop would be a second call that got through. */
class FakeController implements ConsumeControl {
  loops = 0;
  running = false;
  failStart: Error | undefined;
  async start() {
    await Bun.sleep(10);
    if (this.failStart) throw this.failStart;
    if (!this.running) this.loops++;
    this.running = true;
  }
  async stop() {
    this.running = false;
  }
  state() {
    return { running: this.running, topics: ["t"] };
  }
}

function setup(apiToken?: string) {
  const controller = new FakeController();
  const { app, docs } = createServiceApp({ service: "test", registry: createMetricsRegistry(false), checks: [], apiToken });
  registerConsumeRoutes(app, docs, controller);
  return { app, controller };
}

describe("consume routes", () => {
  test("POST answers at once and starts in the background; once running, POST is 200 already running", async () => {
    const { app, controller } = setup();
    const first = await app.request("/consume", { method: "POST" });
    expect(first.status).toBe(202);
    expect(await first.json()).toMatchObject({ status: "starting", state: { running: false, starting: true } });
    const meanwhile = await app.request("/consume", { method: "POST" }); // still joining: nothing more is started
    expect(meanwhile.status).toBe(202);
    await Bun.sleep(30);
    expect(await (await app.request("/consume")).json()).toEqual({ running: true, topics: ["t"] });
    const again = await app.request("/consume", { method: "POST" });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { status: string }).status).toBe("already running");
    expect(controller.loops).toBe(1);
  });

  test("concurrent POSTs never start a second loop", async () => {
    const { app, controller } = setup();
    const answers = await Promise.all([1, 2, 3].map(() => app.request("/consume", { method: "POST" })));
    expect(answers.map((r) => r.status)).toEqual([202, 202, 202]);
    await Bun.sleep(30);
    expect(controller.loops).toBe(1);
  });

  test("GET reports state; DELETE (even right after a POST) stops; DELETE again is not running", async () => {
    const { app } = setup();
    await app.request("/consume", { method: "POST" });
    const stop = await app.request("/consume", { method: "DELETE" }); // waits for the start in progress
    expect(stop.status).toBe(200);
    expect(await stop.json()).toMatchObject({ status: "stopped", state: { running: false } });
    const again = await app.request("/consume", { method: "DELETE" });
    expect(((await again.json()) as { status: string }).status).toBe("not running");
  });

  test("a start that fails shows its reason in GET /consume; the next POST tries again", async () => {
    const { app, controller } = setup();
    controller.failStart = new Error("Connection error: connect ECONNREFUSED 127.0.0.1:9092");
    expect((await app.request("/consume", { method: "POST" })).status).toBe(202);
    await Bun.sleep(30);
    expect(await (await app.request("/consume")).json()).toEqual({ running: false, topics: ["t"], startError: "Connection error: connect ECONNREFUSED 127.0.0.1:9092" });
    controller.failStart = undefined;
    await app.request("/consume", { method: "POST" });
    await Bun.sleep(30);
    expect(await (await app.request("/consume")).json()).toEqual({ running: true, topics: ["t"] });
  });

  test("POST and DELETE need the token when API_TOKEN is set; GET does not", async () => {
    const { app } = setup("tok");
    expect((await app.request("/consume", { method: "POST" })).status).toBe(401);
    expect((await app.request("/consume", { method: "DELETE" })).status).toBe(401);
    expect((await app.request("/consume")).status).toBe(200);
    const ok = await app.request("/consume", { method: "POST", headers: { authorization: "Bearer tok" } });
    expect(ok.status).toBe(202);
    await Bun.sleep(30);
  });

  test("documented in /openapi.json", async () => {
    const doc = (await (await setup().app.request("/openapi.json")).json()) as { paths: Record<string, object> };
    expect(Object.keys(doc.paths["/consume"] ?? {}).sort()).toEqual(["delete", "get", "post"]);
  });
});
