import { describe, expect, test } from "bun:test";
import { API_LOG_SPEC, billApiUsage } from "@tally/billing";
import { parseDecimal } from "@tally/decimal";
import { createReferenceAggregator } from "@tally/kernel-wasm/reference";
import { jobHarness } from "@tally/pipeline/testing";
import { userUsage, type UsageRow } from "../api-usage/user-usage.ts";
import { processBatch } from "@tally/pipeline";
import type { KafkaRecord } from "@tally/pipeline/kafka";
import { apiLogsJob } from "./api-logs-job.ts";
import { testWiring } from "./test-wiring.ts";

function setup() {
  const { wiring, db, rates } = testWiring({ API_LOGS_TOPIC: "api" });
  // api_usage_by_batch rows back as UsageRows (user_id, source, total_duration_ms, total_cost, requests)
  const written = () =>
    db.inserts("api_usage_by_batch").map(([user, source, duration, cost, requests]): UsageRow => ({
      user: String(user),
      source: String(source),
      durationMs: BigInt(String(duration)),
      cost: parseDecimal(String(cost))!,
      requests: BigInt(String(requests)),
    }));
  return { job: jobHarness(apiLogsJob(wiring)), written, rates };
}

const LINES = [
  "2025-05-02T23:16:50Z user115 login 200 1568ms",
  "2025-05-02T08:07:36Z user2 createOrder 200 1435ms",
  "2025-05-02T19:51:22Z user115 getUserProfile 200 914ms",
  "2025-05-02T03:24:40Z user2 unknownTask 200 1084ms",
  "2025-05-02T20:26:03Z user115 login 200 3ms",
];

describe("api-logs job", () => {
  test("bills per message keyed by offset, and the totals equal billing the whole log at once (checked by the oracle)", async () => {
    const { job, written, rates } = setup();
    const outcome = await job.handle([LINES.slice(0, 2).join("\n"), LINES.slice(2).join("\n") + "\n"], { partition: 1, firstOffset: 10 });
    expect(outcome).toEqual({ records: 2, rejected: 0, deadLetters: 0 });
    expect(new Set(written().map((r) => r.source))).toEqual(new Set(["api/1/10", "api/1/11"]));

    const whole = createReferenceAggregator(API_LOG_SPEC);
    whole.push(new TextEncoder().encode(LINES.join("\n")));
    const expected = billApiUsage(whole.finish().groups, rates).map((b) => ({ user: b.user, total_duration_ms: Number(b.totalDurationMs), requests: b.requests, total_cost: b.totalCost }));
    expect(userUsage(written())).toEqual(expected);
    // 1571 × 0.005 + 914 × 0.002 = 9.683 → 9.68; 1435 × 0.010 = 14.35 (unknown task costs 0)
    expect(userUsage(written()).map((u) => u.total_cost)).toEqual(["9.68", "14.35"]);
    expect(await job.metrics()).toContain('tally_job_records_total{job_name="api-logs"} 5');
  });

  test("a redelivered batch cut differently writes the same rows", async () => {
    const a = setup();
    await a.job.handle(LINES, { firstOffset: 0 });
    const b = setup();
    await b.job.handle(LINES.slice(0, 2), { firstOffset: 0 });
    await b.job.handle(LINES.slice(2), { firstOffset: 2 });
    const key = (r: UsageRow) => `${r.user}@${r.source}`;
    expect(b.written().map(key).sort()).toEqual(a.written().map(key).sort());
  });

  test("malformed lines are not billed and only they are dead-lettered", async () => {
    const { job, written } = setup();
    const outcome = await job.handle([`${LINES[0]}\nnot a log line\n${LINES[1]}\nx user1 login 200 12s`], { firstOffset: 5 });
    expect(outcome).toEqual({ records: 1, rejected: 2, deadLetters: 1 });
    expect(written().map((r) => r.user).sort()).toEqual(["user115", "user2"]);
    expect(job.deadLetters).toHaveLength(1);
    const letter = job.deadLetters[0]!;
    expect(letter.item).toMatchObject({ topic: "api", partition: 0, offset: "5" });
    expect((letter.item as { value: Buffer }).value.toString()).toBe("not a log line\nx user1 login 200 12s");
    expect(letter.reason).toMatch(/^2 api-log line\(s\) rejected.*line 2: .*line 4: /);
    expect(await job.metrics()).toContain('tally_job_dead_letters_total{job_name="api-logs",kind="rejected_lines"} 1');
  });
});

describe("api-logs job: what cannot be billed", () => {
  test("an empty message (no value, nothing, only blank lines) is dead-lettered as empty, not passed by", async () => {
    const { job, written } = setup();
    const outcome = await job.handle([null, "", "\n\r\n", LINES[0]!], { firstOffset: 3 });
    expect(outcome).toEqual({ records: 4, rejected: 0, deadLetters: 3 });
    expect(job.deadLetters.map((l) => [(l.item as KafkaRecord).offset, l.kind])).toEqual([
      ["3", "empty"],
      ["4", "empty"],
      ["5", "empty"],
    ]);
    expect(job.deadLetters[0]!.reason).toBe("empty: the message has no value");
    expect(job.deadLetters[1]!.reason).toBe("empty: the message holds no api-log line");
    expect(written().map((r) => r.source)).toEqual(["api/0/6"]);
    expect(await job.metrics()).toContain('tally_job_dead_letters_total{job_name="api-logs",kind="empty"} 3');
  });

  test("a negative duration is a rejected line: it never lowers a bill", async () => {
    const { job, written } = setup();
    const outcome = await job.handle([`${LINES[0]}\n2025-05-02T23:16:51Z user115 login 200 -1000ms\n2025-05-02T23:16:52Z user115 login 200 -0ms`]);
    expect(outcome).toEqual({ records: 1, rejected: 1, deadLetters: 1 });
    expect(userUsage(written())).toEqual([{ user: "user115", total_duration_ms: 1568, requests: 2, total_cost: "7.84" }]);
    expect(job.deadLetters[0]!.reason).toBe("1 api-log line(s) rejected, the others were kept: line 2: negative value");
    expect((job.deadLetters[0]!.item as KafkaRecord).value!.toString()).toBe("2025-05-02T23:16:51Z user115 login 200 -1000ms");
  });

  test("users (or tasks) that are not valid UTF-8 are rejected lines, never merged into one user", async () => {
    const { job, written } = setup();
    const line = (user: Buffer, ms: number) => Buffer.concat([Buffer.from("2025-05-02T23:16:50Z "), user, Buffer.from(` login 200 ${ms}ms`)]);
    const bad1 = Buffer.from([0x75, 0xff]); // "u\xff"
    const bad2 = Buffer.from([0x75, 0xfe]); // "u\xfe": another user, the same after decoding with U+FFFD
    const task = Buffer.from("2025-05-02T23:16:50Z user7 log\xc3in 200 5ms", "latin1"); // a lone lead byte in the task
    const message = Buffer.concat([line(bad1, 100), Buffer.from("\n"), line(Buffer.from("user1"), 10), Buffer.from("\n"), line(bad2, 200), Buffer.from("\r\n"), task, Buffer.from("\n"), line(bad1, 1), Buffer.from("\n")]);
    const outcome = await job.handle([message]);
    expect(outcome).toEqual({ records: 1, rejected: 4, deadLetters: 1 });
    expect(written().map((r) => r.user)).toEqual(["user1"]);
    const letter = job.deadLetters[0]!;
    expect(letter.reason).toBe(
      "4 api-log line(s) rejected, the others were kept: line 1: user is not valid UTF-8; line 3: user is not valid UTF-8; line 4: task is not valid UTF-8; line 5: user is not valid UTF-8",
    );
    // The letter holds the lines' bytes as they came, so each user can be told apart and replayed.
    expect((letter.item as KafkaRecord).value).toEqual(Buffer.concat([line(bad1, 100), Buffer.from("\n"), line(bad2, 200), Buffer.from("\n"), task, Buffer.from("\n"), line(bad1, 1)]));
    expect(await job.metrics()).toContain('tally_job_records_rejected_total{job_name="api-logs"} 4');
  });
});

describe("api-logs job: idempotency keys", () => {
  const record = (offset: number, value: string, headers: KafkaRecord["headers"] = {}): KafkaRecord => ({
    topic: "api",
    partition: 0,
    offset: String(offset),
    key: null,
    value: Buffer.from(value),
    headers,
    timestamp: 0,
  });

  /** Runs the job's pipeline on records with headers (the harness makes header-less messages). */
  async function run(records: KafkaRecord[]) {
    const { wiring, db } = testWiring({ API_LOGS_TOPIC: "api" });
    const letters: { kind: string; reason: string }[] = [];
    await processBatch(apiLogsJob(wiring).pipeline, { id: "api/0@0", items: records }, { write: async (r) => void letters.push(...r) });
    const rows = db.inserts("api_usage_by_batch").map(([user, source, duration]) => `${user} ${source} ${duration}`);
    return { rows, letters };
  }

  test("the same payload twice at different offsets with one key writes the same rows; without a key, two sets", async () => {
    const payload = LINES.slice(0, 2).join("\n");
    const keyed = await run([record(5, payload, { "idempotency-key": Buffer.from("req-42/0") }), record(9, payload, { "idempotency-key": "req-42/0" })]);
    expect(new Set(keyed.rows)).toEqual(new Set(["user115 api/key/req-42/0 1568", "user2 api/key/req-42/0 1435"]));
    const plain = await run([record(5, payload), record(9, payload)]);
    expect(new Set(plain.rows)).toEqual(new Set(["user115 api/0/5 1568", "user2 api/0/5 1435", "user115 api/0/9 1568", "user2 api/0/9 1435"]));
  });

  test("an unusable key dead-letters its message rather than billing it by offset", async () => {
    const bad = [
      { "idempotency-key": "" },
      { "idempotency-key": ["a", "b"] },
      { "idempotency-key": Buffer.from([0xff]) },
      { "idempotency-key": "x".repeat(1025) },
      { "idempotency-key": "a\nb" },
    ];
    const { rows, letters } = await run([...bad.map((h, i) => record(i, LINES[0]!, h)), record(9, LINES[1]!, { "idempotency-key": ["k", "k"] })]);
    expect(letters.map((l) => l.kind)).toEqual(Array(5).fill("bad_idempotency_key"));
    expect(letters.map((l) => l.reason)).toEqual([
      "empty idempotency-key header",
      "2 different idempotency-key headers",
      "idempotency-key header is not valid UTF-8",
      "idempotency-key header longer than 1024 bytes",
      "idempotency-key header holds control characters",
    ]);
    expect(rows).toEqual(["user2 api/key/k 1435"]);
  });
});
