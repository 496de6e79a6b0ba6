import { describe, expect, test } from "bun:test";
import type { BatchHandler } from "@tally/pipeline/kafka";
import { routeByTopic } from "./topic-router.ts";
import { fakeBatch, jobTestKit } from "./test-support.ts";

describe("routeByTopic", () => {
  test("sends each batch to its topic's job, others to the fallback", async () => {
    const seen: string[] = [];
    const job = (name: string): BatchHandler => async (b) => void seen.push(`${name}:${b.topic}`);
    const route = routeByTopic(new Map([["files", job("files")], ["logs", job("logs")]]), job("count"));
    const { ctx } = jobTestKit();
    for (const t of ["logs", "files", "other"]) await route(fakeBatch(t, 0, ["x"]), ctx);
    expect(seen).toEqual(["logs:logs", "files:files", "count:other"]);
  });
});
