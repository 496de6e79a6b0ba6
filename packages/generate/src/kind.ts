import type { EventClock } from "./event-clock.ts";
import type { Rng } from "./random.ts";

/** A generated record: flat JSON fields (strings for logins; numbers and booleans for employees). */
export type GeneratedFields = Record<string, string | number | boolean>;

/**
 * One kind of synthetic event stream (logins; later employees, payments). A kind is pure: the same
 * rng state, index and clock give the same record, so a stream is fully determined by its seed and
 * start. Add a kind with one file in src/kinds/ and one line in src/kinds.ts.
 */
export interface Kind {
  /** The name callers pass (`tally generate logins`, `{"kind":"logins"}`). */
  name: string;
  /** Topic written to unless the caller names another. */
  defaultTopic: string;
  /** One line for help texts and API docs. */
  description: string;
  /** The field whose value becomes the Kafka message key (spreads records over partitions), or null for no key. */
  keyField: string | null;
  /** Record number `index` of the stream, drawing from `rng` (shared by the whole stream, in order). */
  record(rng: Rng, index: number, clock: EventClock): GeneratedFields;
}
