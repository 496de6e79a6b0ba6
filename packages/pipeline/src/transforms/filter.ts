import type { Transform } from "../model/transform.ts";

/** Keeps the elements for which `predicate` is true. */
export function filter<T, S extends T = T>(predicate: ((item: T) => item is S) | ((item: T) => boolean)): Transform<T, S> {
  return (items) => items.filter(predicate as (item: T) => item is S);
}
