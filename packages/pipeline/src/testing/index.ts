/** @tally/pipeline/testing: TEST SUPPORT only — kafkajs batches without a broker, and jobs run as the Kafka runner runs them. */
export { testBatch } from "./test-batch.ts";
export { jobHarness, type JobHarness } from "./job-harness.ts";
export { memorySink, memorySource, runInMemory } from "../runners/in-memory.ts";
export { recordingCassandra, type RecordedStatement, type RecordingCassandra } from "./recording-cassandra.ts";
export { quotedCsvText } from "./quoted-csv.ts";
