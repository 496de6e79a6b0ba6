/** @tally/pipeline/file: chunked file reading, safe path resolution, a file-path source. */
export { DEFAULT_CHUNK_SIZE, fileChunks, type FileChunksOptions } from "./file-chunks.ts";
export { aggregateFile, type AggregateFileOptions } from "./aggregate-file.ts";
export { rechunk } from "./rechunk.ts";
export { opener, resolveInside } from "./resolve-inside.ts";
export { fileSource } from "./file-source.ts";
