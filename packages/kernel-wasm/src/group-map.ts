/** Groups keyed by their decoded key fields, in order of first appearance. */
import type { Group } from "./types.ts";

export class GroupMap {
  private readonly groups = new Map<string, Group>();

  constructor(private readonly withSum: boolean) {}

  /** Adds `count` records totalling `sum` minor units to the group of `key`. */
  add(key: string[], count: number, sum: bigint): void {
    // One key needs no encoding; several are joined unambiguously.
    const id = key.length === 1 ? key[0]! : JSON.stringify(key);
    const g = this.groups.get(id);
    if (g) {
      g.count += count;
      if (this.withSum) g.sum = g.sum! + sum;
    } else {
      this.groups.set(id, this.withSum ? { key, count, sum } : { key, count });
    }
  }

  get size(): number {
    return this.groups.size;
  }

  toArray(): Group[] {
    return [...this.groups.values()];
  }
}
