import { describe, expect, test } from "bun:test";
import { createReferenceAggregator } from "@tally/kernel-wasm/reference";
import type { AggregateResult } from "../../kernel.ts";
import { createContext } from "../../model/context.ts";
import { kernelAggregate, type Aggregated } from "../../transforms/kernel-aggregate.ts";
import type { KafkaRecord } from "./kafka-record.ts";
import { deadLetterRejectedLines } from "./rejected-lines.ts";

const record = (offset: string, value: string | null): KafkaRecord => ({
  topic: "api-logs",
  partition: 1,
  offset,
  key: null,
  value: value === null ? null : Buffer.from(value),
  headers: {},
  timestamp: 0,
});

/** Messages through the reference kernel (NDJSON, per user), then deadLetterRejectedLines. */
async function run(values: (string | null)[], what?: string) {
  const ctx = createContext("api-logs/1@0");
  const records = values.map((v, i) => record(String(i), v));
  const aggregated = await kernelAggregate({ spec: { format: "ndjson", keys: ["u"] }, kernel: { createAggregator: createReferenceAggregator }, input: (r: KafkaRecord) => ({ bytes: r.value }) })(records, ctx);
  const out = await deadLetterRejectedLines(what)(aggregated, ctx);
  return { aggregated, out, ctx };
}

describe("deadLetterRejectedLines", () => {
  test("one letter per message with refused lines, holding only those lines; the results stay as they are", async () => {
    const { aggregated, out, ctx } = await run(['{"u":"a"}\n{"u":"b"}\n', 'nope\r\n{"u":"a"}\r\n{"u":\r\n{"u":"c"}', null], "event");
    expect(out).toBe(aggregated);
    expect(out.map((o) => o.result.records)).toEqual([2, 2, 0]);
    expect(ctx.rejected).toHaveLength(1);
    const [letter] = ctx.rejected;
    expect(letter!.kind).toBe("rejected_lines");
    expect(letter!.batchId).toBe("api-logs/1@0");
    const item = letter!.item as KafkaRecord;
    expect([item.topic, item.partition, item.offset]).toEqual(["api-logs", 1, "1"]);
    expect(item.value!.toString()).toBe('nope\n{"u":');
    expect(letter!.reason).toMatch(/^2 event\(s\) rejected, the others were kept: line 1: .+; line 3: .+$/);
    // The input record itself is not changed.
    expect(aggregated[1]!.input.value!.toString()).toStartWith("nope\r\n");
  });

  test("the letter holds the refused lines' bytes as received, invalid UTF-8 included", async () => {
    const bad = Buffer.from([0x75, 0xff, 0x0d, 0x0a, 0x6f, 0x6b, 0x0a, 0xfe, 0x78]); // "u\xff\r\nok\n\xfex"
    const result: AggregateResult = { groups: [], records: 1, rejectedCount: 2, rejections: [{ line: 1, reason: "bad" }, { line: 3, reason: "bad" }], bytes: 9 };
    const ctx = createContext("b");
    await deadLetterRejectedLines()([{ input: { ...record("3", null), value: bad }, result }], ctx);
    expect([...(ctx.rejected[0]!.item as KafkaRecord).value!]).toEqual([0x75, 0xff, 0x0a, 0xfe, 0x78]);
  });

  test("says 'line' by default and how many refused lines the kernel did not list", async () => {
    const result: AggregateResult = { groups: [], records: 0, rejectedCount: 5, rejections: [{ line: 2, reason: "bad" }], bytes: 9 };
    const items: Aggregated<KafkaRecord>[] = [{ input: record("7", "a\nb\nc"), result }];
    const ctx = createContext("b");
    await deadLetterRejectedLines()(items, ctx);
    expect(ctx.rejected[0]!.reason).toBe("5 line(s) rejected, the others were kept: line 2: bad (and 4 more not listed)");
    expect((ctx.rejected[0]!.item as KafkaRecord).value!.toString()).toBe("b");
  });

  test("messages without refused lines send nothing", async () => {
    const { ctx } = await run(['{"u":"a"}', "", null]);
    expect(ctx.rejected).toEqual([]);
  });
});
