/** Keys usable for grouping: a primitive, or a tuple of strings (a composite key such as [user, task]). */
export type Key = string | number | bigint | boolean | readonly string[];

/** A key-value pair, Beam's KV. */
export type KV<K extends Key, V> = readonly [key: K, value: V];

/**
 * A Map keyed by value, also for tuple keys (which a plain Map would compare by identity).
 * Tuples are encoded with JSON, which cannot collide with primitives because those keep their own map.
 */
export class KeyedMap<K extends Key, V> {
  private readonly primitives = new Map<K, V>();
  private readonly tuples = new Map<string, { key: K; value: V }>();

  get(key: K): V | undefined {
    return Array.isArray(key) ? this.tuples.get(JSON.stringify(key))?.value : this.primitives.get(key);
  }

  has(key: K): boolean {
    return Array.isArray(key) ? this.tuples.has(JSON.stringify(key)) : this.primitives.has(key);
  }

  set(key: K, value: V): void {
    if (Array.isArray(key)) this.tuples.set(JSON.stringify(key), { key, value });
    else this.primitives.set(key, value);
  }

  get size(): number {
    return this.primitives.size + this.tuples.size;
  }

  /** Entries in first-insertion order (primitives first, then tuples). */
  *entries(): IterableIterator<[K, V]> {
    yield* this.primitives.entries();
    for (const { key, value } of this.tuples.values()) yield [key, value];
  }
}
