import { describe, expect, test } from "bun:test";
import { loadKernelFromDisk } from "@tally/kernel-wasm/disk";
import { createReferenceAggregator } from "@tally/kernel-wasm/reference";
import { API_LOG_SPEC, billApiUsage, parseRateCard } from "@tally/pipeline/billing";
import { userUsage, type UsageRow } from "../api-usage/user-usage.ts";
import { apiLogsJob } from "./api-logs-job.ts";
import { messageAggregators } from "./message-aggregators.ts";
import { fakeBatch, jobTestKit, MemoryDeadLetters } from "./test-support.ts";

const rates = parseRateCard("RATE_login=0.005\nRATE_createOrder=0.010\nRATE_getUserProfile=0.002\n");
const kernel = await loadKernelFromDisk();

function setup(minKernelBytes = 64) {
  const kit = jobTestKit();
  const written: UsageRow[] = [];
  const deadLetters = new MemoryDeadLetters();
  const handler = apiLogsJob({
    rates,
    createAggregator: messageAggregators(kernel, minKernelBytes),
    store: { writeRows: async (rows) => void written.push(...rows) },
    deadLetters,
    metrics: kit.metrics,
    logger: kit.logger,
  });
  return { ...kit, handler, written, deadLetters };
}

const LINES = [
  "2025-05-02T23:16:50Z user115 login 200 1568ms",
  "2025-05-02T08:07:36Z user2 createOrder 200 1435ms",
  "2025-05-02T19:51:22Z user115 getUserProfile 200 914ms",
  "2025-05-02T03:24:40Z user2 unknownTask 200 1084ms",
  "2025-05-02T20:26:03Z user115 login 200 3ms",
];

describe("apiLogsJob", () => {
  test("bills per message keyed by offset, and the totals equal billing the whole log at once", async () => {
    const { handler, written, ctx } = setup();
    const messages = [LINES.slice(0, 2).join("\n"), LINES.slice(2).join("\n") + "\n", null];
    const outcome = await handler(fakeBatch("api", 1, messages, 10), ctx);
    expect(outcome).toEqual({ rejected: 0, deadLetters: 0 });
    expect(new Set(written.map((r) => r.source))).toEqual(new Set(["api/1/10", "api/1/11"]));

    const whole = createReferenceAggregator(API_LOG_SPEC);
    whole.push(new TextEncoder().encode(LINES.join("\n")));
    const expected = billApiUsage(whole.finish().groups, rates).map((b) => ({ user: b.user, total_duration_ms: Number(b.totalDurationMs), requests: b.requests, total_cost: b.totalCost }));
    expect(userUsage(written)).toEqual(expected);
    // 1571 × 0.005 + 914 × 0.002 = 9.683 → 9.68; 1435 × 0.010 = 14.35 (unknown task costs 0)
    expect(userUsage(written).map((u) => u.total_cost)).toEqual(["9.68", "14.35"]);
  });

  test("a redelivered batch cut differently writes the same rows", async () => {
    const a = setup();
    await a.handler(fakeBatch("api", 0, LINES, 0), a.ctx);
    const b = setup();
    await b.handler(fakeBatch("api", 0, LINES.slice(0, 2), 0), b.ctx);
    await b.handler(fakeBatch("api", 0, LINES.slice(2), 2), b.ctx);
    const key = (r: UsageRow) => `${r.user}@${r.source}`;
    expect(b.written.map(key).sort()).toEqual(a.written.map(key).sort());
  });

  test("malformed lines are not billed and only they are dead-lettered", async () => {
    const { handler, written, deadLetters, ctx, registry } = setup(1 << 30);
    const outcome = await handler(fakeBatch("api", 0, [`${LINES[0]}\nnot a log line\n${LINES[1]}\nx user1 login 200 12s`], 5), ctx);
    expect(outcome).toEqual({ rejected: 2, deadLetters: 1 });
    expect(written.map((r) => r.user).sort()).toEqual(["user115", "user2"]);
    expect(deadLetters.letters).toHaveLength(1);
    expect(deadLetters.letters[0]).toMatchObject({ topic: "api", partition: 0, offset: "5", value: "not a log line\nx user1 login 200 12s" });
    expect(deadLetters.letters[0]?.reason).toMatch(/^2 api-log line\(s\) rejected.*line 2: .*line 4: /);
    expect(await registry.metrics()).toContain('tally_dead_letters_total{topic="api",kind="rejected_lines"} 1');
  });
});
