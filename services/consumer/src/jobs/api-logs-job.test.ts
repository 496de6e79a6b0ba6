import { describe, expect, test } from "bun:test";
import { API_LOG_SPEC, billApiUsage } from "@tally/billing";
import { parseDecimal } from "@tally/decimal";
import { createReferenceAggregator } from "@tally/kernel-wasm/reference";
import { jobHarness } from "@tally/pipeline/testing";
import { userUsage, type UsageRow } from "../api-usage/user-usage.ts";
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
    const outcome = await job.handle([LINES.slice(0, 2).join("\n"), LINES.slice(2).join("\n") + "\n", null], { partition: 1, firstOffset: 10 });
    expect(outcome).toEqual({ records: 3, rejected: 0, deadLetters: 0 });
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
