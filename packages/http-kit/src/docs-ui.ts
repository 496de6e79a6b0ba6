import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Hono } from "hono";

// Swagger UI is served from the swagger-ui-dist package, not a CDN: /docs must work on a machine
// (or in a browser) with no internet access.
const ASSETS = { "swagger-ui.css": "text/css; charset=utf-8", "swagger-ui-bundle.js": "text/javascript; charset=utf-8" } as const;
type Asset = keyof typeof ASSETS;

let distDir: string | undefined;
const cache = new Map<Asset, Uint8Array<ArrayBuffer>>();

async function asset(name: Asset): Promise<Uint8Array<ArrayBuffer>> {
  let bytes = cache.get(name);
  if (!bytes) {
    distDir ??= dirname(Bun.resolveSync("swagger-ui-dist/package.json", import.meta.dir));
    bytes = new Uint8Array(await readFile(join(distDir, name)));
    cache.set(name, bytes);
  }
  return bytes;
}

/** The Swagger UI page for `specUrl`, loading its assets from `/docs/…` on the same service. */
export function docsPage(title: string, specUrl: string): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: ${JSON.stringify(specUrl)}, dom_id: "#swagger-ui" });</script>
</body></html>`;
}

/** Mounts GET /docs (Swagger UI for `specUrl`) and its two static assets. */
export function mountDocs(app: Hono, title: string, specUrl = "/openapi.json"): void {
  app.get("/docs", (c) => c.html(docsPage(title, specUrl)));
  for (const name of Object.keys(ASSETS) as Asset[]) {
    app.get(`/docs/${name}`, async (c) => c.body(await asset(name), 200, { "content-type": ASSETS[name], "cache-control": "public, max-age=86400" }));
  }
}
