/**
 * The yardstick of `bun run bench:process-http`: a bare Bun.serve doing what POST /process does
 * apart from the framework — read the body, parse, validate, aggregate, answer — with the same
 * functions (answerProcess), but no Hono, no auth or body-limit middleware and no metrics. With
 * BARE_THREADS > 0 it hands bodies of 8 kB and more to the same ComputePool the consumer uses.
 * Usage: PORT=… BARE_THREADS=0 bun bench/process-http-bare.ts
 */
import { ComputePool } from "../packages/http-kit/src/compute-pool.ts";
import { answerProcess } from "../services/consumer/src/routes/process-answer.ts";
import { DEFAULT_OFFLOAD_BYTES } from "../services/consumer/src/routes/process.ts";

const JSON_TYPE = { "content-type": "application/json" };
const MAX_RECORDS = 100_000;
const pool = new ComputePool({
  name: "bare",
  fn: answerProcess,
  module: new URL("../services/consumer/src/routes/process-answer.ts", import.meta.url),
  exportName: "answerProcess",
  threads: Number(process.env.BARE_THREADS ?? 0),
});
const ok = (answer: string) => new Response(answer, { headers: JSON_TYPE });
const failed = (error: unknown) =>
  new Response(JSON.stringify({ error: { code: "bad_request", message: String(error) } }), { status: 400, headers: JSON_TYPE });

const server = Bun.serve({
  port: Number(process.env.PORT ?? 18090),
  hostname: "127.0.0.1",
  async fetch(req) {
    if (req.method === "GET") return new Response("ok"); // readiness
    try {
      const body = await req.text();
      return ok(body.length < DEFAULT_OFFLOAD_BYTES ? answerProcess(body, "default", MAX_RECORDS) : await pool.run(body, "default", MAX_RECORDS));
    } catch (error) {
      return failed(error);
    }
  },
});
console.log(`bare POST /process on ${server.url}`);
