import type { Transform } from "../model/transform.ts";

/** Applies `fn` to every element (Beam's Map). A throw fails the whole batch; see `tryMap` for poison input. */
export function map<I, O>(fn: (item: I) => O): Transform<I, O> {
  return (items) => items.map((item) => fn(item));
}

/** Applies `fn` to every element and flattens the results (Beam's FlatMap). */
export function flatMap<I, O>(fn: (item: I) => Iterable<O>): Transform<I, O> {
  return (items) => {
    const out: O[] = [];
    for (const item of items) for (const o of fn(item)) out.push(o);
    return out;
  };
}
