import { StackError } from "./errors.ts";

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion, capturing output; a missing executable is a StackError. */
export async function runCommand(cmd: string[], opts: { env?: Record<string, string>; cwd?: string } = {}): Promise<CommandResult> {
  let proc;
  try {
    proc = Bun.spawn(cmd, { stdout: "pipe", stderr: "pipe", stdin: "ignore", cwd: opts.cwd, env: { ...process.env, ...opts.env } });
  } catch (cause) {
    throw new StackError(`cannot run ${cmd[0]}: not installed or not on PATH`, undefined, { cause });
  }
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, stdout, stderr };
}
