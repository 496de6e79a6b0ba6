/**
 * Retries bill once (issue 12): a client that retries after a producer crash can put the same
 * payload in Kafka twice, at two offsets. With the `idempotency-key` header (what POST /produce
 * writes for an `Idempotency-Key`) the api-logs job keys its rows by it, so both copies upsert the
 * same rows; without it each copy is billed (documented). A billing file is keyed by its path, so
 * naming it twice bills it once either way. The first tests send straight to Kafka, as the producer
 * sends; the last goes through the real producer, killed with SIGKILL between a request and its retry.
 */
import { describe, expect, test } from "bun:test";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { billingRunWithConsumer, getJson, PRODUCER_ENTRY, sendRaw, startService, type ProduceAck } from "./billing-harness.ts";

const live = billingRunWithConsumer("billing-idem");
const { run } = live;

type Usage = { user: string; total_duration_ms: number; requests: number; total_cost: string };
type Company = { company: string; total_cost: string; discounted_cost: string; tech_fee: string };

async function usageRows(user: string): Promise<string[]> {
  const rs = await run.stack.cql.execute(`SELECT source FROM ${run.stack.keyspace}.api_usage_by_batch WHERE user_id = ?`, [user], { prepare: true });
  return rs.rows.map((r) => String(r.get("source"))).sort();
}

describe("retries bill once", () => {
  test("the same api-log payload at two offsets with one idempotency key is billed once; without a key, twice", async () => {
    const keyed = "2025-05-02T23:16:50Z idem-user1 login 200 1000ms\n2025-05-02T23:16:51Z idem-user2 createOrder 200 250ms\n";
    const plain = "2025-05-02T23:16:52Z plain-user1 login 200 400ms\n";
    const header = { "idempotency-key": "client-req-7/0" };
    const acks = [
      await sendRaw(run.stack.kafka, run.logs, keyed, header),
      await sendRaw(run.stack.kafka, run.logs, plain),
      await sendRaw(run.stack.kafka, run.logs, keyed, header), // the client's retry after a producer crash
      await sendRaw(run.stack.kafka, run.logs, plain), // the same retry, without a key
    ];
    expect(new Set(acks.map((a) => `${a.partition}/${a.offset}`)).size).toBe(4);
    await run.stack.waitCommitted(run.group, acks);

    const usage = await getJson<Usage[]>(live.consumer.url + "/billing/api-usage");
    expect(usage.filter((u) => u.user.startsWith("idem-") || u.user.startsWith("plain-"))).toEqual([
      { user: "idem-user1", total_duration_ms: 1000, requests: 1, total_cost: "5.00" }, // 1000 ms × 0.005, once
      { user: "idem-user2", total_duration_ms: 250, requests: 1, total_cost: "2.50" }, // 250 ms × 0.010, once
      { user: "plain-user1", total_duration_ms: 800, requests: 2, total_cost: "4.00" }, // billed twice: no key
    ]);
    expect(await usageRows("idem-user1")).toEqual([`${run.logs}/key/client-req-7/0`]);
    expect(await usageRows("plain-user1")).toEqual([`${run.logs}/${acks[1]!.partition}/${acks[1]!.offset}`, `${run.logs}/${acks[3]!.partition}/${acks[3]!.offset}`].sort());
  }, 60_000);

  test("a billing file named again — with the same key, without one, or as ./path — is billed once", async () => {
    await writeFile(join(live.dataDir, "dup.csv"), "service,cost,company\nRun,1.25,idem-co\nSQL,1.75,idem-co\n");
    const header = { "idempotency-key": "client-req-8/0" };
    const acks = [
      await sendRaw(run.stack.kafka, run.files, "dup.csv", header),
      await sendRaw(run.stack.kafka, run.files, "dup.csv", header),
      await sendRaw(run.stack.kafka, run.files, "dup.csv"),
      await sendRaw(run.stack.kafka, run.files, "./dup.csv"),
    ];
    await run.stack.waitCommitted(run.group, acks);
    expect(await getJson<Company[]>(live.consumer.url + "/billing?company=idem-co")).toEqual([{ company: "idem-co", total_cost: "3.00", discounted_cost: "2.94", tech_fee: "0.15" }]);
    const rs = await run.stack.cql.execute(`SELECT source, total_cost FROM ${run.stack.keyspace}.billing_by_file WHERE company = 'idem-co'`);
    expect(rs.rows.map((r) => `${r.get("source")} ${r.get("total_cost")}`)).toEqual(["dup.csv 3.00"]);
  }, 60_000);
});

describe("retries through POST /produce, across a producer kill -9", () => {
  /** POST /produce with an Idempotency-Key; returns the status, the replay header and the body. */
  async function post(url: string, key: string, body: unknown) {
    const res = await fetch(url + "/produce", { method: "POST", headers: { "content-type": "application/json", "idempotency-key": key }, body: JSON.stringify(body) });
    return { status: res.status, replayed: res.headers.get("idempotent-replayed"), body: (await res.json()) as Record<string, unknown> };
  }

  test("a client that retries after the producer was killed (the retry is written again) is billed once", async () => {
    const producerEnv = { ...run.stack.env(), PRODUCE_TOPICS: `${run.logs},${run.files}` };
    let producer = await startService(PRODUCER_ENTRY, producerEnv);
    const single = { topic: run.logs, message: "2025-05-02T11:00:00Z kill-user1 login 200 600ms\n" };
    const batch = {
      topic: run.logs,
      messages: [{ message: "2025-05-02T11:00:01Z kill-user2 createOrder 200 100ms" }, { message: "2025-05-02T11:00:02Z kill-user3 getUserProfile 200 500ms", id: "order-77" }],
    };
    try {
      const first = [await post(producer.url, "kill-req-1", single), await post(producer.url, "kill-req-2", batch)];
      expect(first.map((r) => r.status)).toEqual([202, 202]);
      // The producer dies; its in-memory key store with it. The client did not see an answer it trusts, so it retries.
      producer.proc.kill("SIGKILL");
      await producer.proc.exited;
      producer = await startService(PRODUCER_ENTRY, producerEnv);
      const retry = [await post(producer.url, "kill-req-1", single), await post(producer.url, "kill-req-2", batch)];
      expect(retry.map((r) => [r.status, r.replayed])).toEqual([[202, null], [202, null]]); // written again, not replayed
      const acks: ProduceAck[] = [];
      for (const r of [...first, ...retry]) {
        if (Array.isArray(r.body.results)) for (const x of r.body.results as { partition: number; offset: string }[]) acks.push({ topic: run.logs, ...x });
        else acks.push(r.body as unknown as ProduceAck);
      }
      expect(new Set(acks.map((a) => `${a.partition}/${a.offset}`)).size).toBe(6); // six copies in Kafka…
      await run.stack.waitCommitted(run.group, acks);
      const usage = await getJson<Usage[]>(live.consumer.url + "/billing/api-usage");
      expect(usage.filter((u) => u.user.startsWith("kill-"))).toEqual([
        { user: "kill-user1", total_duration_ms: 600, requests: 1, total_cost: "3.00" }, // …each billed once
        { user: "kill-user2", total_duration_ms: 100, requests: 1, total_cost: "1.00" },
        { user: "kill-user3", total_duration_ms: 500, requests: 1, total_cost: "1.00" },
      ]);
      expect(await usageRows("kill-user1")).toEqual([`${run.logs}/key/kill-req-1`]);
      expect(await usageRows("kill-user2")).toEqual([`${run.logs}/key/kill-req-2/0`]);
      expect(await usageRows("kill-user3")).toEqual([`${run.logs}/key/order-77`]);
    } finally {
      producer.kill();
    }
  }, 90_000);
});
