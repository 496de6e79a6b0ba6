/**
 * The "Writing a job" example of packages/pipeline/README.md, run as a test. The code between the
 * README markers below is the README's code block, character for character (the last test checks).
 */
import { describe, expect, test } from "bun:test";
import { loadKernelFromDisk } from "@tally/kernel-wasm/disk";
import { jobHarness } from "./testing/index.ts";

// README:begin
import type { Kernel } from "@tally/kernel-wasm";
import { flatMap, kernelAggregate, pipeline, type Sink } from "@tally/pipeline";
import { kafkaJob, kafkaTopic, type KafkaJob } from "@tally/pipeline/kafka";

/** One row per (device type, message): how many logins a message of NDJSON events held. */
export interface DeviceLogins {
  device: string;
  /** `topic/partition/offset`: with the device, the row's idempotent key. */
  source: string;
  logins: number;
}

/** device-logins: counts `user-login` events per device type, message by message. */
export function deviceLoginsJob(kernel: Pick<Kernel, "createAggregator">, sink: Sink<DeviceLogins>): KafkaJob {
  return kafkaJob(
    "device-logins",
    pipeline
      .from(kafkaTopic("user-login"))
      .apply(kernelAggregate({ spec: { format: "ndjson", keys: ["device_type"] }, kernel, input: (m) => ({ bytes: m.value }) }))
      .apply(flatMap(({ input, result }) => result.groups.map((g) => ({ device: g.key[0]!, source: `${input.topic}/${input.partition}/${input.offset}`, logins: g.count }))))
      .to(sink),
  );
}
// README:end

const kernel = await loadKernelFromDisk();

function memory(): Sink<DeviceLogins> & { rows: DeviceLogins[] } {
  const rows: DeviceLogins[] = [];
  return { rows, write: async (items) => void rows.push(...items) };
}

describe("Writing a job (README example)", () => {
  test("counts per device type and message, keyed by offset; a bad line is counted as rejected", async () => {
    const sink = memory();
    const job = jobHarness(deviceLoginsJob(kernel, sink));
    const outcome = await job.handle(
      ['{"device_type":"ios","user_id":1}\n{"device_type":"android"}\n{"device_type":"ios"}', '{"device_type":"web"}\nnot json'],
      { partition: 3, firstOffset: 7 },
    );
    expect(sink.rows.sort((a, b) => (a.source + a.device).localeCompare(b.source + b.device))).toEqual([
      { device: "android", source: "user-login/3/7", logins: 1 },
      { device: "ios", source: "user-login/3/7", logins: 2 },
      { device: "web", source: "user-login/3/8", logins: 1 },
    ]);
    expect(outcome).toEqual({ records: 2, rejected: 1, deadLetters: 0 });
    const metrics = await job.metrics();
    expect(metrics).toContain('tally_job_records_total{job_name="device-logins"} 4');
    expect(metrics).toContain('tally_job_records_rejected_total{job_name="device-logins"} 1');
    expect(metrics).toContain('tally_job_outputs_total{job_name="device-logins"} 3');
  });

  test("the README shows exactly this code", async () => {
    const source = await Bun.file(import.meta.path).text();
    const code = source.slice(source.indexOf("// README:begin\n") + 16, source.indexOf("// README:end"));
    const readme = await Bun.file(new URL("../README.md", import.meta.url)).text();
    expect(readme).toContain("```ts\n" + code + "```");
  });
});
