import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fillTemplate, kafkaClusterId } from "./components.ts";
import { CONFIG_DIR } from "./paths.ts";

describe("config templates", () => {
  test("fills every ${NAME}; a comment may mention one without a value", () => {
    expect(fillTemplate("# ${KAFKA_DATA} is filled in elsewhere\nlisteners=PLAINTEXT://127.0.0.1:${KAFKA_PORT}\n", { KAFKA_PORT: 19092 })).toBe("# ${KAFKA_DATA} is filled in elsewhere\nlisteners=PLAINTEXT://127.0.0.1:19092\n");
  });
  test("a placeholder left without a value is an error naming it", () => {
    expect(() => fillTemplate("port=${KAFKA_PORT}\nother=${NOPE}", { KAFKA_PORT: 1 })).toThrow("config template: ${NOPE} has no value");
  });
  test("the local stack's Kafka and Cassandra configs fill completely, and at offset 0 keep the well-known ports", () => {
    const kafka = fillTemplate(readFileSync(join(CONFIG_DIR, "kafka-server.properties"), "utf8"), { KAFKA_DATA: "/d", KAFKA_PORT: 9092, KAFKA_CONTROLLER_PORT: 9093 });
    expect(kafka).toContain("listeners=PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093");
    const cassandra = fillTemplate(readFileSync(join(CONFIG_DIR, "cassandra.yaml"), "utf8"), { CASSANDRA_HOME: "/c", CASSANDRA_NATIVE_PORT: 19042, CASSANDRA_STORAGE_PORT: 17000 });
    // A second stack's node seeds itself, never the first stack's node on 7000.
    expect(cassandra).toContain('seeds: "127.0.0.1:17000"');
    expect(cassandra).toContain("native_transport_port: 19042");
  });
});

describe("kafkaClusterId", () => {
  test("22 base64url characters, never a leading '-' (the storage tool would read it as an option)", () => {
    // 0xf8 first encodes to '-': the first draw is refused, the second kept.
    const draws = [new Uint8Array(16).fill(0xf8), new Uint8Array(16).fill(7)];
    expect(kafkaClusterId(() => draws.shift()!)).toBe(Buffer.from(new Uint8Array(16).fill(7)).toString("base64url"));
    expect(draws).toHaveLength(0);
    for (let i = 0; i < 500; i++) expect(kafkaClusterId()).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  });
});
