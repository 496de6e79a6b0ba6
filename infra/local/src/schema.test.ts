import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { SCHEMA_FILE, TOPICS_FILE } from "./paths.ts";
import { parseTopics, schemaStatements } from "./schema.ts";

describe("schemaStatements", () => {
  test("renames the keyspace everywhere and drops comments", () => {
    const stmts = schemaStatements(readFileSync(SCHEMA_FILE, "utf8"), "tally_test_x1");
    expect(stmts[0]).toStartWith("CREATE KEYSPACE IF NOT EXISTS tally_test_x1 WITH");
    expect(stmts.length).toBeGreaterThan(2);
    for (const s of stmts) {
      expect(s).not.toContain("--");
      expect(s).not.toMatch(/\btally\./);
    }
  });
  test("refuses keyspace names that could inject CQL", () => {
    expect(() => schemaStatements("", "x; DROP KEYSPACE tally")).toThrow(/invalid keyspace/);
  });
});

describe("parseTopics", () => {
  test("reads the shared topic list", () => {
    const topics = parseTopics(readFileSync(TOPICS_FILE, "utf8"));
    expect(topics.map((t) => t.topic)).toContain("billing-files");
    expect(topics.find((t) => t.topic === "dead-letters")?.numPartitions).toBe(1);
  });
  test("rejects malformed entries", () => {
    expect(() => parseTopics("bad/topic 3")).toThrow(/bad entry/);
    expect(() => parseTopics("ok 0")).toThrow(/bad entry/);
    expect(parseTopics("# c\n a 2 # x\n\nb")).toEqual([{ topic: "a", numPartitions: 2 }, { topic: "b", numPartitions: 1 }]);
  });
});
