import { describe, expect, test } from "bun:test";
import type { Producer, ProducerRecord } from "kafkajs";
import { createContext } from "../../model/context.ts";
import { kafkaSink, sendSized } from "./kafka-sink.ts";

function recordingProducer() {
  const sends: ProducerRecord[] = [];
  const producer = { send: async (r: ProducerRecord) => void sends.push(r) } as unknown as Producer;
  return { producer, sends };
}

describe("kafkaSink", () => {
  test("a large batch goes out in bounded requests, in order, acks from all replicas", async () => {
    const { producer, sends } = recordingProducer();
    const sink = kafkaSink<number>({ producer, topic: "t", encode: (n) => ({ key: String(n), value: "x".repeat(10) }), maxSendMessages: 4 });
    await sink.write([1, 2, 3, 4, 5, 6, 7, 8, 9], createContext("b"));
    expect(sends.map((s) => s.messages.map((m) => m.key))).toEqual([["1", "2", "3", "4"], ["5", "6", "7", "8"], ["9"]]);
    expect(sends.every((s) => s.acks === -1 && s.topic === "t")).toBe(true);
  });

  test("requests stay under the byte limit; a message larger than it goes alone", () => {
    const m = (n: number) => ({ value: "v".repeat(n) });
    const runs = [...sendSized([m(100), m(100), m(100), m(1000), m(10)], 1000, 700)].map((r) => r.length);
    expect(runs).toEqual([2, 1, 1, 1]);
  });

  test("a broker failure is classified retriable", async () => {
    const producer = { send: async () => { throw Object.assign(new Error("Connection error"), { name: "KafkaJSConnectionError" }); } } as unknown as Producer;
    await expect(kafkaSink<number>({ producer, topic: "t", encode: () => ({ value: "x" }) }).write([1], createContext("b"))).rejects.toMatchObject({ retriable: true });
  });
});
