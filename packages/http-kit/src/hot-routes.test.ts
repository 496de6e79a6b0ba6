import { afterAll, describe, expect, test } from "bun:test";
import type { Server } from "bun";
import { createMetricsRegistry } from "./metrics.ts";
import { createServiceApp } from "./service-app.ts";

const servers: Server<undefined>[] = [];
afterAll(() => servers.forEach((s) => s.stop(true)));

/** A service app with one hot echo route, served the way `serve` does: native routes + the app's fetch. */
function served(opts: { apiToken?: string; bodyLimitBytes?: number } = {}) {
  const registry = createMetricsRegistry(false);
  const { app, hot } = createServiceApp({ service: "t", registry, checks: [], ...opts });
  hot.add("POST", "/echo", (req, text) => {
    if (text === "boom") throw new Error("secret detail");
    return Response.json({ text, view: req.query("view") ?? null, path: "native-or-hono" });
  });
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: app.fetch, routes: hot.bunRoutes() } as Parameters<typeof Bun.serve>[0]) as Server<undefined>;
  servers.push(server);
  const url = `${server.url.origin}/echo`;
  return { app, registry, url };
}

const json = { "content-type": "application/json" };
const code = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

describe("hot routes", () => {
  test("answer natively with the body and the query", async () => {
    const { url } = served();
    const res = await fetch(`${url}?view=full`, { method: "POST", headers: json, body: "[1]" });
    expect(await res.json()).toEqual({ text: "[1]", view: "full", path: "native-or-hono" });
  });

  test("the app-wide checks apply: 415, 403 cross-site, 401 with its challenge, 413 by length", async () => {
    const { url } = served({ apiToken: "tok", bodyLimitBytes: 8 });
    const auth = { ...json, authorization: "Bearer tok" };
    const noToken = await fetch(url, { method: "POST", headers: json, body: "1" });
    expect([noToken.status, noToken.headers.get("www-authenticate"), await code(noToken)]).toEqual([401, 'Bearer realm="tally"', "unauthorized"]);
    const plain = await fetch(url, { method: "POST", headers: { authorization: "Bearer tok" }, body: "1" });
    expect([plain.status, await code(plain)]).toEqual([415, "unsupported_media_type"]);
    const cross = await fetch(url, { method: "POST", headers: { ...auth, "sec-fetch-site": "cross-site" }, body: "1" });
    expect([cross.status, await code(cross)]).toEqual([403, "cross_site_request"]);
    const big = await fetch(url, { method: "POST", headers: auth, body: "123456789" });
    expect([big.status, await code(big)]).toEqual([413, "payload_too_large"]);
    expect((await fetch(url, { method: "POST", headers: auth, body: "12345678" })).status).toBe(200);
  });

  test("a chunked body is counted as it arrives and refused past the limit", async () => {
    const { url } = served({ bodyLimitBytes: 8 });
    const chunks = (n: number) =>
      new ReadableStream<Uint8Array>({
        start(ctl) {
          for (let i = 0; i < n; i++) ctl.enqueue(new TextEncoder().encode("xxx"));
          ctl.close();
        },
      });
    const over = await fetch(url, { method: "POST", headers: json, body: chunks(3) });
    expect([over.status, await code(over)]).toEqual([413, "payload_too_large"]);
    const under = await fetch(url, { method: "POST", headers: json, body: chunks(2) });
    expect(((await under.json()) as { text: string }).text).toBe("xxxxxx");
  });

  test("a thrown error is a JSON 500 that leaks nothing; measured under the route pattern", async () => {
    const { url, registry } = served();
    const res = await fetch(url, { method: "POST", headers: json, body: "boom" });
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain("secret");
    await fetch(url, { method: "POST", headers: json, body: "ok" });
    const text = await registry.metrics();
    expect(text).toContain('tally_http_request_duration_seconds_count{service="t",method="POST",route="/echo",status="500"} 1');
    expect(text).toContain('tally_http_request_duration_seconds_count{service="t",method="POST",route="/echo",status="200"} 1');
  });

  test("a route without side effects is judged like a read: any type, cross-site allowed; token and body limit still hold", async () => {
    const registry = createMetricsRegistry(false);
    const { app, hot } = createServiceApp({ service: "t", registry, checks: [], apiToken: "tok", bodyLimitBytes: 8 });
    hot.add("POST", "/sum", (_req, body) => Response.json({ got: body }), { sideEffects: false });
    const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: app.fetch, routes: hot.bunRoutes() } as Parameters<typeof Bun.serve>[0]) as Server<undefined>;
    servers.push(server);
    const viaNative = (init: RequestInit) => fetch(`${server.url.origin}/sum`, { method: "POST", ...init });
    const viaHono = (init: RequestInit) => app.request("/sum", { method: "POST", ...init });
    for (const send of [viaNative, viaHono]) {
      const plain = await send({ body: "[1]", headers: { authorization: "Bearer tok", "content-type": "text/plain", "sec-fetch-site": "cross-site" } });
      expect([plain.status, await plain.json()]).toEqual([200, { got: "[1]" }]);
      expect((await send({ body: "[1]" })).status).toBe(401);
      const big = await send({ body: "x".repeat(9), headers: { authorization: "Bearer tok", "content-type": "application/json" } });
      expect([big.status, await code(big)]).toEqual([413, "payload_too_large"]);
      const multiByte = await send({ body: "é".repeat(5), headers: { authorization: "Bearer tok" } }); // 10 UTF-8 bytes, 5 characters
      expect(multiByte.status).toBe(413);
    }
  });

  test("the same route is on the Hono app, so in-process requests see it too", async () => {
    const { app } = served();
    const res = await app.request("/echo?view=x", { method: "POST", headers: json, body: "hi" });
    expect(await res.json()).toEqual({ text: "hi", view: "x", path: "native-or-hono" });
  });
});
