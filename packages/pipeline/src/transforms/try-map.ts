import { describe } from "../errors.ts";
import type { Transform } from "../model/transform.ts";

/**
 * Like `map`, but an element whose `fn` throws goes to the dead letters (with the error message as
 * reason) instead of failing the batch, so one poison message never blocks a partition.
 * The dead letter carries the *input* element, e.g. the raw Kafka record with its offset.
 */
export function tryMap<I, O>(fn: (item: I) => O): Transform<I, O> {
  return (items, ctx) => {
    const out: O[] = [];
    for (const item of items) {
      try {
        out.push(fn(item));
      } catch (error) {
        ctx.reject(item, describe(error));
      }
    }
    return out;
  };
}
