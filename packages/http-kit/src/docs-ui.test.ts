import { describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { docsPage, mountDocs } from "./docs-ui.ts";

describe("self-hosted Swagger UI", () => {
  const app = new Hono();
  mountDocs(app, "tally <test>");

  test("the page loads its assets from this service, never a CDN", async () => {
    const res = await app.request("/docs");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('href="/docs/swagger-ui.css"');
    expect(html).toContain('src="/docs/swagger-ui-bundle.js"');
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain("tally &#60;test&#62;");
  });

  test("serves the bundled assets with their content types", async () => {
    const js = await app.request("/docs/swagger-ui-bundle.js");
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toStartWith("text/javascript");
    expect((await js.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    const css = await app.request("/docs/swagger-ui.css");
    expect(css.headers.get("content-type")).toStartWith("text/css");
  });

  test("the spec URL is embedded as a JSON string", () => {
    expect(docsPage("t", '/x"y')).toContain('url: "/x\\"y"');
  });
});
