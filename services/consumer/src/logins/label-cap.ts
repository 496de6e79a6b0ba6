/** The value a label takes once its cap of distinct values is reached. */
export const OTHER = "other";

/**
 * Caps the distinct values one Prometheus label may take, because login fields come from data: a
 * hostile stream of random locales would otherwise create a series per value. The first `max`
 * values seen keep their name; later ones count under "other".
 */
export class LabelCap {
  private readonly seen = new Set<string>();

  constructor(private readonly max: number) {}

  /** The label value to use for `value`. */
  of(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.max) return OTHER;
    this.seen.add(value);
    return value;
  }
}
