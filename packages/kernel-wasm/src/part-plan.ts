/**
 * Splitting one input into parts aggregated in parallel, safely under RFC 4180.
 *
 * A split point is only a guess (usually just after an LF), because a quoted field may hold LFs
 * and whether a byte is inside quotes depends on everything before it. Each part is aggregated as
 * if its first byte started a record. That guess is then checked in input order: part k started at
 * a true record start (part 0 does: it starts after the header), so its parse is exactly the
 * one-thread parse of those bytes, and it ends at a true record boundary iff the kernel has no
 * unfinished tail and is not skipping an over-long record there. If so, part k+1's guess was right;
 * if not, part k+1 is aggregated again from where part k's last complete record ended (its tail
 * start), or — inside an over-long record — part k is redone together with part k+1. Every part
 * kept therefore starts at a true record start, and their records are the one-thread records; no
 * quote-state inference is needed, so the result does not depend on where the guesses fall.
 */
import type { PartResult } from "./part-result.ts";

/** Aggregates bytes [start, end) of the input as one part (`eof`: end is the end of the input). */
export type RunPart = (start: number, end: number, eof: boolean) => Promise<PartResult>;

/**
 * `bounds`: s_0 ≤ s_1 ≤ … ≤ s_n, where s_0 is the first record (findDataStart) and s_n the input's
 * size; `guesses[k]` is the part [s_k, s_k+1) aggregated speculatively. Returns the parts to merge,
 * in order, re-running (with `rerun`) any that started at a wrong guess.
 */
export async function resolveParts(bounds: readonly number[], guesses: readonly Promise<PartResult>[], rerun: RunPart): Promise<PartResult[]> {
  const n = bounds.length - 1;
  if (guesses.length !== n) throw new RangeError(`resolveParts: ${n} parts but ${guesses.length} guesses`);
  // Empty parts are fine (a re-run may then start at a later part's own guess, which is then right).
  for (let k = 0; k < n; k++) if (!(bounds[k]! <= bounds[k + 1]!)) throw new RangeError("resolveParts: bounds must not decrease");
  // Settle every guess (also the ones thrown away) so none rejects unobserved.
  const settled = await Promise.allSettled(guesses);
  const out: PartResult[] = [];
  let pos = bounds[0]!;
  for (let k = 0; k < n; k++) {
    const eof = k === n - 1;
    let r: PartResult;
    if (pos === bounds[k]) {
      const s = settled[k]!;
      if (s.status === "rejected") throw s.reason;
      r = s.value;
    } else {
      r = await rerun(pos, bounds[k + 1]!, eof);
    }
    if (!eof && r.skipping) continue; // redo from `pos` through the next part
    out.push(r);
    pos = bounds[k + 1]! - r.tail;
  }
  return out;
}

/**
 * Even split targets for `parts` parts of [start, size): s_1 … s_n-1 before adjustment (the caller
 * moves each just past the next LF, which makes the guess right unless that LF is quoted).
 */
export function splitTargets(start: number, size: number, parts: number): number[] {
  const out: number[] = [];
  for (let k = 1; k < parts; k++) out.push(start + Math.floor(((size - start) * k) / parts));
  return out;
}
