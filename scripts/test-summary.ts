/** Counts from one `bun test` run's output. */
export interface TestCounts {
  passed: number;
  failed: number;
}

/**
 * Reads bun test's closing counts (` 12 pass`, ` 1 fail`, ` 1 error`). Errors outside a test
 * (a file that fails to load) count as failures; output with no counts at all is one failure,
 * so a runner that crashed never reads as green.
 */
export function parseBunTestCounts(output: string): TestCounts {
  const num = (re: RegExp) => Number(re.exec(output)?.[1] ?? 0);
  const passed = num(/^\s*(\d+) pass\s*$/m);
  const failed = num(/^\s*(\d+) fail\s*$/m) + num(/^\s*(\d+) errors?\s*$/m);
  if (passed + failed === 0 && !/^Ran 0 tests/m.test(output)) return { passed: 0, failed: 1 };
  return { passed, failed };
}
