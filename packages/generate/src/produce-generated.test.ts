import { describe, expect, test } from "bun:test";
import { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from "kafkajs";
import { GenerateProduceError } from "./errors.ts";
import { toProduceError } from "./produce-generated.ts";

// produceGenerated itself runs against the real broker: test/integration/generate-logins.test.ts.
describe("toProduceError", () => {
  test("an unknown topic wrapped in kafkajs retry errors is unknown_topic", () => {
    // kafkajs builds protocol errors from its error table entry; the typings only admit Error | string.
    const entry = { message: "This server does not host this topic-partition", type: "UNKNOWN_TOPIC_OR_PARTITION", code: 3, retriable: true };
    const protocol = new KafkaJSProtocolError(entry as unknown as Error);
    const wrapped = new KafkaJSNumberOfRetriesExceeded(protocol, { retryCount: 5, retryTime: 3000 });
    const error = toProduceError(wrapped, "user-login-x", 42);
    expect(error).toBeInstanceOf(GenerateProduceError);
    expect(error.kind).toBe("unknown_topic");
    expect(error.message).toBe("topic user-login-x does not exist on the broker (topics are never auto-created)");
    expect(error.sent).toBe(42);
  });

  test("anything else is unavailable, with kafkajs' message", () => {
    const error = toProduceError(new KafkaJSConnectionError("Connection error: connect ECONNREFUSED 127.0.0.1:9099"), "t", 0);
    expect(error.kind).toBe("unavailable");
    expect(error.message).toBe("Kafka is unavailable: Connection error: connect ECONNREFUSED 127.0.0.1:9099");
  });

  test("a GenerateProduceError passes through unchanged", () => {
    const original = new GenerateProduceError("unknown_topic", "x", 3);
    expect(toProduceError(original, "t", 9)).toBe(original);
  });
});
