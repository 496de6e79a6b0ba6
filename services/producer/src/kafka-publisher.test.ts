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

describe("toPublishError, too large", () => {
  test("MESSAGE_TOO_LARGE and RECORD_LIST_TOO_LARGE are too_large (413), never unavailable (503)", () => {
    for (const type of ["MESSAGE_TOO_LARGE", "RECORD_LIST_TOO_LARGE"]) {
      const protocol = new KafkaJSProtocolError("The request included a message larger than the max message size the server will accept.");
      (protocol as unknown as { type: string }).type = type;
      // kafkajs throws the protocol error itself (seen against the real broker with a 1.1 MB message).
      expect(toPublishError(protocol, "payments").kind).toBe("too_large");
    }
  });
});
