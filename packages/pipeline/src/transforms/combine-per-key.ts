import type { CombineFn } from "../model/combine-fn.ts";
import { KeyedMap, type KV, type Key } from "../model/kv.ts";
import type { Transform } from "../model/transform.ts";

/**
 * Groups a batch's key-value pairs by key and combines each group's values (Beam's CombinePerKey),
 * e.g. `combinePerKey(sum)` after `map(r => [r.company, r.cost])`. Output order: first appearance.
 *
 * The result is per batch: results across batches are merged by the sink's idempotent upserts
 * (one row per key and batch) or with `mergeAccumulators`, never by keeping state across acks.
 */
export function combinePerKey<K extends Key, I, A, O>(fn: CombineFn<I, A, O>): Transform<KV<K, I>, KV<K, O>> {
  return (items) => {
    const accs = accumulatePerKey(fn, items);
    const out: KV<K, O>[] = [];
    for (const [key, acc] of accs.entries()) out.push([key, fn.extractOutput(acc)]);
    return out;
  };
}

/** The grouping step of `combinePerKey`, exposed for runners and windows that merge accumulators. */
export function accumulatePerKey<K extends Key, I, A>(fn: CombineFn<I, A, unknown>, items: Iterable<KV<K, I>>): KeyedMap<K, A> {
  const accs = new KeyedMap<K, A>();
  for (const [key, value] of items) {
    // has() rather than ??: an accumulator may legitimately be null (min/max before any input).
    const acc = accs.has(key) ? (accs.get(key) as A) : fn.createAccumulator();
    accs.set(key, fn.addInput(acc, value));
  }
  return accs;
}
