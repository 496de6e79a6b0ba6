import { fixedWindows, pipeline } from "@tally/pipeline";
import { countPerWindow, kafkaJob, kafkaTopic, type KafkaJob } from "@tally/pipeline/kafka";
import type { JobWiring } from "../job-wiring.ts";
import { loginBulk } from "../logins/login-bulk.ts";
import { loginCells } from "../logins/login-cells.ts";
import { loginEmitter } from "../logins/login-emitter.ts";
import { loginIdleFlush } from "../logins/login-idle-flush.ts";
import { createLoginMetrics } from "../logins/login-metrics.ts";
import { LoginStore } from "../logins/login-store.ts";
import { loginWindowsSink } from "../logins/login-windows-sink.ts";

/**
 * login-windows (seed 003): `user-login` events counted exactly per event-time window (tumbling,
 * aligned to the epoch) by device type, locale and in total — a batch at a time through the WASM
 * kernel's NDJSON path when it can, message by message when it must — per partition, into Cassandra; a
 * window is final once every partition's watermark passed it (or the partition went idle), and
 * is then published once to the analytics topic and added to the original's Prometheus counters.
 */
export function loginWindowsJob({ config, kernel, cassandra, kafka, admin, registry, logger }: JobWiring): KafkaJob {
  const { logins } = config;
  const windowMs = logins.windowSeconds * 1000;
  const timing = { windows: fixedWindows(windowMs), allowedLatenessMs: logins.allowedLatenessSeconds * 1000, idleMs: logins.idleFlushSeconds * 1000 };
  const store = new LoginStore(cassandra, config.cassandra.keyspace, logins.topic, windowMs);
  const counting = countPerWindow({ ...timing, store, parse: loginCells, bulk: loginBulk(kernel, windowMs) });
  const metrics = createLoginMetrics(registry, logins.analyticsTopic, logins.labelValuesMax);
  const publisher = loginEmitter({ kafka, admin, store, metrics, logger, topic: logins.topic, analyticsTopic: logins.analyticsTopic, groupId: config.consume.groupId, windowMs });
  return kafkaJob(
    "login-windows",
    pipeline
      .from(kafkaTopic(logins.topic))
      .apply(counting)
      .to(loginWindowsSink(store)),
    {
      timers: [
        // A partition that goes idle may make windows final: the publisher is woken at once, not at its tick.
        loginIdleFlush(store, counting, admin, logins.topic, timing, { onFlushed: publisher.publishSoon }),
        publisher,
      ],
    },
  );
}
