import type { BatchContext } from "./context.ts";

/**
 * A transform is a plain function from one batch's elements to the next stage's elements.
 * It may be async (e.g. the kernel aggregate step reads files).
 */
export type Transform<I, O> = (items: readonly I[], ctx: BatchContext) => readonly O[] | Promise<readonly O[]>;

/** Chains transforms left to right. */
export function compose<A, B, C>(first: Transform<A, B>, second: Transform<B, C>): Transform<A, C> {
  return async (items, ctx) => second(await first(items, ctx), ctx);
}
