import { describe, expect, test } from "bun:test";
import { pipeline } from "../../model/pipeline.ts";
import { memorySink, memorySource } from "../../runners/in-memory.ts";
import { map } from "../../transforms/map.ts";
import { kafkaJob } from "./kafka-job.ts";
import { valueText, type KafkaRecord } from "./kafka-record.ts";
import { kafkaTopic } from "./kafka-topic.ts";

const job = (name: string) => kafkaJob(name, pipeline.from(kafkaTopic("billing-files")).apply(map(valueText)).to(memorySink<string>()));

describe("kafkaJob", () => {
  test("takes its topic from the pipeline's kafkaTopic source and keeps the pipeline", () => {
    const sink = memorySink<string>();
    const p = pipeline.from(kafkaTopic("billing-files")).apply(map(valueText)).to(sink);
    const j = kafkaJob("billing-files", p);
    expect(j).toEqual({ name: "billing-files", topic: "billing-files", pipeline: p, timers: [] });
    expect(j.pipeline.sink).toBe(sink);
  });

  test("job names are lower-case kebab-case (they label metrics)", () => {
    for (const name of ["a", "billing-files", "api-usage-2", "x".repeat(63)]) expect(job(name).name).toBe(name);
    for (const name of ["", "Billing", "billing_files", "1billing", "-billing", "billing files", "x".repeat(64), 'a"b']) {
      expect(() => job(name)).toThrow(TypeError);
    }
  });

  test("must read from kafkaTopic(…)", () => {
    const p = pipeline.from(memorySource<KafkaRecord>([])).to(memorySink());
    expect(() => kafkaJob("files", p)).toThrow("job files must read from kafkaTopic(…)");
  });
});
