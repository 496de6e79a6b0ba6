import type { CombineFn } from "../model/combine-fn.ts";
import type { KV, Key } from "../model/kv.ts";
import type { Transform } from "../model/transform.ts";
import { accumulatePerKey } from "../transforms/combine-per-key.ts";
import type { Windowed } from "./window-into.ts";

/**
 * `combinePerKey` within each window: groups windowed key-value pairs by (window, key).
 * Output is ordered by window start, then by first appearance of the key. As with combinePerKey,
 * results are per batch; sinks upsert them keyed by (window, key, batch).
 */
export function combinePerWindowAndKey<K extends Key, I, A, O>(fn: CombineFn<I, A, O>): Transform<Windowed<KV<K, I>>, Windowed<KV<K, O>>> {
  return (items) => {
    const byWindow = new Map<string, { window: Windowed<unknown>["window"]; pairs: KV<K, I>[] }>();
    for (const { window, value } of items) {
      const id = `${window.start}:${window.end}`;
      let group = byWindow.get(id);
      if (!group) byWindow.set(id, (group = { window, pairs: [] }));
      group.pairs.push(value);
    }
    const groups = [...byWindow.values()].sort((a, b) => a.window.start - b.window.start);
    const out: Windowed<KV<K, O>>[] = [];
    for (const { window, pairs } of groups) {
      for (const [key, acc] of accumulatePerKey(fn, pairs).entries()) out.push({ window, value: [key, fn.extractOutput(acc)] });
    }
    return out;
  };
}

/** Applies `fn` to each windowed element's value, keeping its window. */
export function mapWindowed<I, O>(fn: (value: I) => O): Transform<Windowed<I>, Windowed<O>> {
  return (items) => items.map(({ window, value }) => ({ window, value: fn(value) }));
}
