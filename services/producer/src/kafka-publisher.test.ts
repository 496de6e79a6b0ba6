import { describe, expect, test } from "bun:test";
import { TimeoutError } from "@tally/http-kit";
import { KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from "kafkajs";
import { toPublishError } from "./kafka-publisher.ts";

describe("toPublishError", () => {
  test("timeouts are unavailable with the wait in the message", () => {
    const e = toPublishError(new TimeoutError("Kafka produce", 5000), "payments");
    expect(e.kind).toBe("unavailable");
    expect(e.message).toBe("Kafka did not acknowledge within 5000 ms");
  });

  test("unknown topic is found inside kafkajs retry wrappers", () => {
    const protocol = new KafkaJSProtocolError("This server does not host this topic-partition");
    (protocol as unknown as { type: string }).type = "UNKNOWN_TOPIC_OR_PARTITION";
    const wrapped = new KafkaJSNumberOfRetriesExceeded(protocol, { retryCount: 2, retryTime: 100 });
    expect(toPublishError(wrapped, "payments").kind).toBe("unknown_topic");
  });

  test("anything else is unavailable", () => {
    const e = toPublishError(new Error("Connection error: connect ECONNREFUSED"), "payments");
    expect(e).toMatchObject({ kind: "unavailable", message: "Kafka is unavailable: Connection error: connect ECONNREFUSED" });
  });
});
