import type { Logger } from "@tally/http-kit";
import { toDeadLetter, toKafkaRecord, valueText, type DeadLetter } from "@tally/pipeline/kafka";
import type { BillingWriter, FileTotals } from "../billing/billing-store.ts";
import { readBillingFile, type ReadBillingFileOptions } from "../billing/read-billing-file.ts";
import type { BatchHandler } from "@tally/pipeline/kafka";
import type { DeadLetterPublisher } from "./dead-letter-publisher.ts";
import type { DeadLetterKind, JobMetrics } from "./job-metrics.ts";
import { asPoison } from "./poison.ts";

export interface BillingFilesJobDeps extends ReadBillingFileOptions {
  store: BillingWriter;
  deadLetters: DeadLetterPublisher;
  metrics: JobMetrics;
  logger: Logger;
  /** Called after the Cassandra write, before returning (and so before the commit): the test crash hook. */
  afterWrite?: () => void;
}

/**
 * The billing-files job: each message names a CSV under DATA_DIR. Every file of the batch is
 * streamed through the kernel, its per-company totals upserted keyed (company, source), then
 * unreadable inputs are dead-lettered; only then does the handler return and the controller
 * commit. Cassandra or Kafka failing throws, so nothing is committed and the batch comes back.
 */
export function billingFilesJob(deps: BillingFilesJobDeps): BatchHandler {
  return async (batch, ctx) => {
    const topic = batch.topic;
    const files = new Map<string, FileTotals>();
    const letters: { letter: DeadLetter; kind: DeadLetterKind }[] = [];
    for (const message of batch.messages) {
      const record = toKafkaRecord(topic, batch.partition, message);
      const path = valueText(record);
      const endTimer = deps.metrics.fileSeconds.startTimer({ topic });
      try {
        const totals = await readBillingFile(path, { ...deps, heartbeat: ctx.heartbeat });
        endTimer();
        // The same file twice in one batch (or under two names) is one source: written once.
        files.set(totals.source, totals);
        if (totals.rejected > 0) deps.logger.warn("billing file has rejected records", { topic, offset: record.offset, source: totals.source, rejected: totals.rejected });
      } catch (error) {
        const poison = asPoison(error);
        if (!poison) throw error;
        deps.logger.warn("billing file dead-lettered", { topic, partition: batch.partition, offset: record.offset, kind: poison.kind, reason: poison.message });
        letters.push({ letter: toDeadLetter(record, poison.message), kind: poison.kind });
      }
    }

    for (const file of files.values()) await deps.store.writeFile(file);
    deps.afterWrite?.();
    await deps.deadLetters.send(letters.map((l) => l.letter));

    let rejected = 0;
    for (const file of files.values()) {
      rejected += file.rejected;
      deps.metrics.recordsProcessed.inc({ topic }, file.records);
      deps.metrics.recordsRejected.inc({ topic }, file.rejected);
      deps.metrics.bytesRead.inc({ topic }, file.bytes);
      deps.metrics.filesRead.inc({ topic });
    }
    for (const l of letters) deps.metrics.deadLetters.inc({ topic, kind: l.kind });
    return { files: files.size, rejected, deadLetters: letters.length };
  };
}
