import type { Sink } from "./sink.ts";
import type { Source } from "./source.ts";
import type { Transform } from "./transform.ts";

/**
 * A complete, runnable description: source → transforms → sink. It runs nothing itself;
 * a runner (see src/runners) drives it.
 */
export interface Pipeline<T = unknown, O = unknown> {
  readonly source: Source<T>;
  /** All transforms composed into one, applied per batch. */
  readonly transform: Transform<T, O>;
  readonly sink: Sink<O>;
  /** Transform count, for logs. */
  readonly steps: number;
}

/** A pipeline under construction whose current elements are of type O. Immutable: apply returns a new stage. */
export class Stage<T, O> {
  constructor(
    readonly source: Source<T>,
    readonly transform: Transform<T, O>,
    readonly steps: number,
  ) {}

  /** Appends a transform, e.g. `.apply(map(r => [r.company, r.cost]))`. */
  apply<N>(next: Transform<O, N>): Stage<T, N> {
    const previous = this.transform;
    const chained: Transform<T, N> = async (items, ctx) => next(await previous(items, ctx), ctx);
    return new Stage(this.source, chained, this.steps + 1);
  }

  /** Ends the pipeline in a sink. */
  to(sink: Sink<O>): Pipeline<T, O> {
    return { source: this.source, transform: this.transform, sink, steps: this.steps };
  }
}

/** Starts a pipeline: `pipeline.from(source).apply(...).apply(...).to(sink)`. */
export const pipeline = {
  from<T>(source: Source<T>): Stage<T, T> {
    return new Stage<T, T>(source, (items) => items, 0);
  },
};
