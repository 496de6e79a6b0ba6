/**
 * A combiner as a plain object, as in Beam: accumulators let partial results of different batches
 * (or workers) merge exactly. I is the input, A the accumulator, O the output.
 */
export interface CombineFn<I, A, O> {
  createAccumulator(): A;
  addInput(accumulator: A, input: I): A;
  mergeAccumulators(accumulators: Iterable<A>): A;
  extractOutput(accumulator: A): O;
}

/** Combines all inputs with `fn` (create → add each → extract). */
export function combineAll<I, A, O>(fn: CombineFn<I, A, O>, inputs: Iterable<I>): O {
  let acc = fn.createAccumulator();
  for (const input of inputs) acc = fn.addInput(acc, input);
  return fn.extractOutput(acc);
}
