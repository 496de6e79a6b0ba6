import { createStats, mergeStats, type EmployeeStats } from "./employee-stats.ts";

/** EmployeeStats as a Beam-style combiner's accumulator: merging adds counts and exact sums, keeps min/max. */
export const EMPLOYEE_STATS = {
  createAccumulator: createStats,
  mergeAccumulators(accumulators: Iterable<EmployeeStats>): EmployeeStats {
    let into: EmployeeStats | undefined;
    for (const a of accumulators) into = into === undefined ? a : mergeStats(into, a);
    return into ?? createStats();
  },
};
