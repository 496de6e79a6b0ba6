/**
 * The yardstick of `bun run bench:process-http`: a bare Bun.serve doing what POST /process does
 * apart from the framework — read the body, parse, validate, aggregate, answer — with the same
 * functions (processAnswerer), but no Hono, no auth or body-limit middleware and no metrics. With
 * BARE_THREADS > 0 it hands bodies of 8 kB and more to compute workers exactly as the consumer does.
 * Usage: PORT=… BARE_THREADS=0 bun bench/process-http-bare.ts
 */
import { processAnswerer } from "../services/consumer/src/routes/process-answer.ts";

const JSON_TYPE = { "content-type": "application/json" };
const MAX_RECORDS = 100_000;
const answer = processAnswerer({ threads: Number(process.env.BARE_THREADS ?? 0) });
const ok = (text: string) => new Response(text, { headers: JSON_TYPE });
const failed = (error: unknown) =>
  new Response(JSON.stringify({ error: { code: "bad_request", message: String(error) } }), { status: 400, headers: JSON_TYPE });

const server = Bun.serve({
  port: Number(process.env.PORT ?? 18090),
  hostname: "127.0.0.1",
  async fetch(req) {
    if (req.method === "GET") return new Response("ok"); // readiness
    try {
      const body = await req.text();
      const answered = answer(body, "default", MAX_RECORDS);
      return ok(typeof answered === "string" ? answered : await answered);
    } catch (error) {
      return failed(error);
    }
  },
});
console.log(`bare POST /process on ${server.url}`);
