/** @tally/pipeline/file: chunked file reading (straight into the kernel when it can), safe path resolution. */
export { DEFAULT_CHUNK_SIZE, fileChunks, type FileChunksOptions } from "./file-chunks.ts";
export { aggregateFile, fileInput, type AggregateFileOptions, type FileInputOptions, type FileThreads } from "./aggregate-file.ts";
export { rechunk } from "./rechunk.ts";
export { resolveInside } from "./resolve-inside.ts";
export { resolveFiles, type FileRef } from "./resolve-files.ts";
export { aggregateFileParallel, canUseWorkers, defaultThreads, MIN_PART_BYTES, prestartWorkers, type ParallelOptions } from "./parallel-aggregate.ts";
export { WorkerPool } from "./worker-pool.ts";
