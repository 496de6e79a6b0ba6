import type { Sink } from "../model/sink.ts";
import type { Transform } from "../model/transform.ts";

/**
 * Beam's tagged side output, ending in a sink of its own: the elements `select` picks are written
 * to `sink` — awaited, so within the batch and before its acknowledgement — and leave the
 * pipeline; the others go on. E.g. invalid records to an errors table, valid ones to the next
 * step. The sink must be idempotent like any other: a retried batch writes them again.
 */
export function sideOutput<T, S extends T>(select: (item: T) => item is S, sink: Sink<S>): Transform<T, Exclude<T, S>>;
export function sideOutput<T>(select: (item: T) => boolean, sink: Sink<T>): Transform<T, T>;
export function sideOutput<T>(select: (item: T) => boolean, sink: Sink<T>): Transform<T, T> {
  return async (items, ctx) => {
    const picked: T[] = [];
    const rest: T[] = [];
    for (const item of items) (select(item) ? picked : rest).push(item);
    if (picked.length > 0) await sink.write(picked, ctx);
    return rest;
  };
}
