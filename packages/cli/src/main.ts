#!/usr/bin/env bun
/** The `tally` command: see usage() in run-cli.ts. */
import { processIo } from "./io.ts";
import { runCli } from "./run-cli.ts";

const code = await runCli(Bun.argv.slice(2), processIo());
// Every write has been awaited (stdout) or was synchronous (stderr): exiting now skips waiting for
// the Workers and WASM memories to be torn down, ~6 ms of every `tally aggregate` with threads.
process.exit(code);
