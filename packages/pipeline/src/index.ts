/**
 * @tally/pipeline: the streaming model (Beam vocabulary), its runners and the kernel transform.
 * No drivers here: Kafka, Cassandra, files and Prometheus live on subpaths (./kafka, ./cassandra, ./file, ./prometheus).
 */
export * from "./errors.ts";
export { batchOf, type Source, type SourceBatch } from "./model/source.ts";
export {
  createContext,
  zeroInputCounts,
  type BatchContext,
  type CollectingContext,
  type DeadLetterSink,
  type InputCounts,
  type Rejected,
} from "./model/context.ts";
export { sinkOf, type Sink } from "./model/sink.ts";
export { compose, type Transform } from "./model/transform.ts";
export { pipeline, Stage, type Pipeline } from "./model/pipeline.ts";
export { KeyedMap, type KV, type Key } from "./model/kv.ts";
export { compareKeys, compareUtf8, sortedOrder } from "./model/key-order.ts";
export { combineAll, type CombineFn } from "./model/combine-fn.ts";
export { map, flatMap } from "./transforms/map.ts";
export { filter } from "./transforms/filter.ts";
export { tryMap } from "./transforms/try-map.ts";
export { sideOutput } from "./transforms/side-output.ts";
export { combinePerKey, accumulatePerKey } from "./transforms/combine-per-key.ts";
export { sum, count, mean, min, max, type MeanAccumulator } from "./transforms/combiners.ts";
export {
  aggregateBytes,
  kernelAggregate,
  type Aggregated,
  type AggregatorFactory,
  type ByteSource,
  type KernelAggregateOptions,
  type KernelInput,
} from "./transforms/kernel-aggregate.ts";
export { fixedWindows, windowId, type IntervalWindow, type WindowFn } from "./windows/fixed-windows.ts";
export { windowInto, type Windowed } from "./windows/window-into.ts";
export { combinePerWindowAndKey, mapWindowed } from "./windows/combine-per-window-and-key.ts";
export {
  flushIfIdle,
  freshProgress,
  isLate,
  observeEvent,
  streamFinalThrough,
  type EventTimeOptions,
  type PartitionProgress,
} from "./windows/event-time-progress.ts";
export { WindowedCounts, type Cell } from "./windows/windowed-counts.ts";
export { retry, backoffDelay, type RetryOptions } from "./runners/retry.ts";
export { processBatch, runBatch, type BatchOptions, type BatchReport, type BatchResult } from "./runners/run-batch.ts";
export { runPipeline, type RunOptions, type RunStats } from "./runners/streaming-runner.ts";
