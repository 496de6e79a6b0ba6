import { describe, expect, test } from "bun:test";
import { Partitioners } from "kafkajs";
import { keyPartitioner, murmur2 } from "./key-partitioner.ts";
import { createRng } from "./random.ts";

/** n partitions, all with a leader. */
const partitions = (n: number) => Array.from({ length: n }, (_, partitionId) => ({ partitionId, leader: 1, partitionErrorCode: 0, replicas: [1], isr: [1] }));

function randomKeys(count: number): string[] {
  const rng = createRng(99);
  const alphabet = "abcXYZ0189-_ é€😀";
  return Array.from({ length: count }, () => {
    let key = "";
    const length = rng.below(60);
    for (let i = 0; i < length; i++) key += [...alphabet][rng.below([...alphabet].length)];
    return key;
  });
}

describe("keyPartitioner", () => {
  test("puts every key on the partition kafkajs' DefaultPartitioner (the Java client's) picks", () => {
    const ours = keyPartitioner();
    const theirs = Partitioners.DefaultPartitioner();
    const keys = [...randomKeys(2000), "", "a", "ab", "abc", "4d2eb58b-2a36-4323-964d-f9079dc12573"];
    for (const n of [1, 3, 7, 64, 1000]) {
      const partitionMetadata = partitions(n);
      for (const key of keys) {
        const args = { topic: "t", partitionMetadata, message: { key, value: "" } };
        expect(ours(args)).toBe(theirs(args));
      }
    }
  });

  test("murmur2 matches the Java client's published values", () => {
    // From Apache Kafka's UtilsTest.testMurmur2 (the same byte strings).
    const cases: [string, number][] = [
      ["21", -973932308],
      ["foobar", -790332482],
      ["a-little-bit-long-string", -985981536],
      ["a-little-bit-longer-string", -1486304829],
      ["lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971],
    ];
    for (const [key, hash] of cases) expect(murmur2(key)).toBe(hash);
  });

  test("an explicit partition wins; messages without a key go round-robin", () => {
    const pick = keyPartitioner();
    const partitionMetadata = partitions(3);
    expect(pick({ partitionMetadata, message: { key: "x", partition: 2 } })).toBe(2);
    expect([0, 1, 2, 3].map(() => pick({ partitionMetadata, message: { key: null } }))).toEqual([0, 1, 2, 0]);
  });
});
