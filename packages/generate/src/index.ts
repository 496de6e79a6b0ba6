// The generators, driver-free. Producing to Kafka is on the `@tally/generate/kafka` subpath.
export { GenerateOptionError, GenerateProduceError, type ProduceFailure } from "./errors.ts";
export { DEFAULT_EVENT_RATE, LATE_SHARE, MAX_LATENESS_SECONDS, eventClock, type EventClock } from "./event-clock.ts";
export { generateRecords, resolveOptions, type GeneratedRecord, type GenerateOptions, type ResolvedOptions } from "./generate.ts";
export type { GeneratedFields, Kind } from "./kind.ts";
export { KINDS, findKind, kindNames } from "./kinds.ts";
export { MISSING_DEVICE_TYPE_SHARE, MISSING_LOCALE_SHARE, USER_COUNT, type LoginRecord } from "./kinds/logins.ts";
export { realClock, tokenBucket, unpaced, type Pacer, type WallClock } from "./pacer.ts";
export { createRng, type Rng } from "./random.ts";
export { sendInBatches, type BatchOptions, type Progress, type RunResult } from "./send-in-batches.ts";
