/**
 * The yardstick of `bun run bench:process-http`: a bare Bun.serve doing what POST /process does
 * apart from the framework — read the body, parse, validate, aggregate, answer — with the same
 * functions (processEmployees), but no Hono, no auth or body-limit middleware and no metrics.
 * Usage: PORT=… bun bench/process-http-bare.ts
 */
import { processEmployees } from "../services/consumer/src/employees/analyse-employees.ts";

const JSON_TYPE = { "content-type": "application/json" };
const server = Bun.serve({
  port: Number(process.env.PORT ?? 18090),
  hostname: "127.0.0.1",
  async fetch(req) {
    if (req.method === "GET") return new Response("ok"); // readiness
    try {
      return new Response(processEmployees(await req.text(), "default"), { headers: JSON_TYPE });
    } catch (error) {
      return new Response(JSON.stringify({ error: { code: "bad_request", message: String(error) } }), { status: 400, headers: JSON_TYPE });
    }
  },
});
console.log(`bare POST /process on ${server.url}`);
