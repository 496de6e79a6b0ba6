import type { AggregateResult, Group } from "@tally/kernel-wasm";

/** Rows of one kernel group refused after aggregation, with why. */
export interface RefusedGroup {
  key: string[];
  rows: number;
  reason: string;
}

/** A kernel result after `refuseGroups`: the refused rows moved from `records` to `rejectedCount`. */
export interface CheckedResult extends AggregateResult {
  /** The groups refused, with their row counts (their lines are not known: see `refuseGroups`). */
  refused: RefusedGroup[];
}

/**
 * Refuses whole groups whose key cannot be billed (`problem` returns a reason): every row of such a
 * group is a rejected row, so the result stays exact per row — the kernel groups by the key's bytes,
 * and a refused key's rows are all refused. The rows leave `records` and join `rejectedCount`, so
 * they are counted as rejected wherever the result is counted. Line numbers are not known here;
 * `rejections` keeps only the kernel's own.
 */
export function refuseGroups(result: AggregateResult, problem: (group: Group) => string | null): CheckedResult {
  const groups: Group[] = [];
  const refused: RefusedGroup[] = [];
  for (const group of result.groups) {
    const reason = problem(group);
    if (reason === null) groups.push(group);
    else refused.push({ key: group.key, rows: group.count, reason });
  }
  const rows = refused.reduce((n, r) => n + r.rows, 0);
  return { ...result, groups, records: result.records - rows, rejectedCount: result.rejectedCount + rows, refused };
}

/** The groups `refuseGroups` refused, or none for a result that was not checked. */
export function refusedOf(result: AggregateResult): RefusedGroup[] {
  return (result as Partial<CheckedResult>).refused ?? [];
}
