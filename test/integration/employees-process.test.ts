/**
 * POST /process over real HTTP against the consumer process: the original's answers byte for byte, the
 * seed's emp_data.json in the full view, 400/413 JSON errors (a body over the limit with Content-Length and
 * streamed without one), large bodies on the compute threads (PROCESS_THREADS) answered exactly as in the
 * request's thread, and the bearer token when API_TOKEN is set.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { CONSUMER_ENTRY, startService, type RunningService } from "./billing-harness.ts";
import { SEED_DATA } from "../fixtures/seed-data.ts";
import { generatedPayload } from "../../bench/process-http-payloads.ts";

let open: RunningService;
let guarded: RunningService;
let threaded: RunningService;

beforeAll(async () => {
  [open, guarded, threaded] = await Promise.all([
    startService(CONSUMER_ENTRY, { LOG_LEVEL: "error", BODY_LIMIT_BYTES: "65536", PROCESS_MAX_RECORDS: "500", PROCESS_THREADS: "0" }, "/metrics"),
    startService(CONSUMER_ENTRY, { LOG_LEVEL: "error", API_TOKEN: "s3cret" }, "/metrics"),
    startService(CONSUMER_ENTRY, { LOG_LEVEL: "error", PROCESS_THREADS: "2", PROCESS_MAX_RECORDS: "150" }, "/metrics"),
  ]);
}, 60_000);

afterAll(() => {
  open?.kill();
  guarded?.kill();
  threaded?.kill();
});

const post = (url: string, body: BodyInit, headers: Record<string, string> = {}) =>
  fetch(url + "/process" + (headers["x-query"] ?? ""), { method: "POST", body, headers: { "content-type": "application/json", ...headers } });

describe("POST /process over HTTP", () => {
  test("the original's README curl and Locust payload, byte for byte", async () => {
    const readme = await post(open.url, '[{"id": 1, "gender": "M", "salary": 5000}, {"id": 2, "gender": "F", "salary": 6000}]');
    expect(await readme.text()).toBe('[{"gender":"F","average_salary":6000.0,"count":1},{"gender":"M","average_salary":5000.0,"count":1}]');
    const locust = await post(open.url, JSON.stringify([{ id: 1, gender: "M", salary: 5000 }, { id: 2, gender: "F", salary: 6000 }, { id: 3, gender: "M", salary: 5500 }]));
    expect(locust.status).toBe(200);
    expect(locust.headers.get("content-type")).toStartWith("application/json");
    expect(await locust.text()).toBe('[{"gender":"F","average_salary":6000.0,"count":1},{"gender":"M","average_salary":5250.0,"count":2}]');
  });

  test("emp_data.json in the full view", async () => {
    const lines = (await Bun.file(join(SEED_DATA, "water_master_microservices/emp_data.json")).text()).trim().split("\n");
    const res = await post(open.url, `[${lines.join(",")}]`, { "x-query": "?view=full" });
    expect(await res.json()).toMatchObject({ count: 40, average_salary: 68900.61, managers: 19, age: { min: 26, max: 40 }, average_years_of_experience: 7.6, rejected: [] });
  });

  test("400 and 413 as JSON errors", async () => {
    const code = async (res: Response) => [res.status, ((await res.json()) as { error: { code: string } }).error.code];
    expect(await code(await post(open.url, "[{"))).toEqual([400, "malformed_json"]);
    expect(await code(await post(open.url, '{"gender":"M"}'))).toEqual([400, "not_an_array"]);
    expect(await code(await post(open.url, `[${"{},".repeat(500)}{}]`))).toEqual([413, "too_many_records"]);
    expect(await code(await post(open.url, `[${" ".repeat(70_000)}]`))).toEqual([413, "payload_too_large"]);
    const streamed = new ReadableStream<Uint8Array>({
      start(ctl) {
        for (let i = 0; i < 10; i++) ctl.enqueue(new TextEncoder().encode(" ".repeat(10_000)));
        ctl.close();
      },
    });
    expect(await code(await post(open.url, streamed))).toEqual([413, "payload_too_large"]);
  });

  test("PROCESS_THREADS: large bodies are answered on the compute threads, byte for byte as in the request's thread", async () => {
    const metric = async (on: string) => {
      const text = await (await fetch(threaded.url + "/metrics")).text();
      return Number(text.match(new RegExp(`tally_compute_calls_total\\{pool="POST /process",on="${on}"\\} (\\d+)`))?.[1] ?? 0);
    };
    const bodies = [generatedPayload(100, 1), generatedPayload(120, 2), generatedPayload(140, 3)];
    const expected = await Promise.all(bodies.map(async (b) => (await post(open.url, b, { "x-query": "?view=full" })).text()));
    // The first large body starts the workers (and is answered in the request's thread); wait until they answer.
    for (let i = 0; i < 100 && (await metric("worker")) === 0; i++) await post(threaded.url, bodies[0]!);
    const before = await metric("worker");
    expect(before).toBeGreaterThan(0);
    const answers = await Promise.all(bodies.flatMap((b) => [b, b]).map(async (b) => (await post(threaded.url, b, { "x-query": "?view=full" })).text()));
    expect(answers).toEqual(expected.flatMap((e) => [e, e]));
    expect(await metric("worker")).toBe(before + 6);
    // Errors found on a worker answer as in the thread: 413 past PROCESS_MAX_RECORDS (150), 400 for broken JSON.
    const tooMany = await post(threaded.url, generatedPayload(200, 4));
    expect([tooMany.status, ((await tooMany.json()) as { error: { code: string } }).error.code]).toEqual([413, "too_many_records"]);
    const broken = await post(threaded.url, bodies[0]!.slice(0, -2));
    expect([broken.status, ((await broken.json()) as { error: { code: string } }).error.code]).toEqual([400, "malformed_json"]);
    expect(await metric("worker")).toBe(before + 8);
    // A body under the offload size is answered in the request's thread without the pool: neither count moves.
    const counts = [await metric("caller"), await metric("worker")];
    expect((await post(threaded.url, "[]")).status).toBe(200);
    expect([await metric("caller"), await metric("worker")]).toEqual(counts);
  });

  test("with API_TOKEN set, a bearer token is needed", async () => {
    expect((await post(guarded.url, "[]")).status).toBe(401);
    const ok = await post(guarded.url, "[]", { authorization: "Bearer s3cret" });
    expect([ok.status, await ok.text()]).toEqual([200, "[]"]);
  });
});
