/**
 * Runs each check command under its runtime (output passed through; no Deno update check, no colours)
 * and returns how many exited non-zero, each named on stderr. The test:runtimes scripts of this package
 * and of @tally/pipeline use it (exported as @tally/kernel-wasm/run-runtimes).
 */
export function runRuntimes(runs: readonly (readonly [name: string, cmd: string[]])[]): number {
  let failed = 0;
  for (const [name, cmd] of runs) {
    const p = Bun.spawnSync(cmd, { stdout: "inherit", stderr: "inherit", env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" } });
    if (p.exitCode !== 0) {
      console.error(`${name}: exit code ${p.exitCode}`);
      failed++;
    }
  }
  return failed;
}
