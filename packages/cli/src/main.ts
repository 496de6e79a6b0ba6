#!/usr/bin/env bun
/** The `tally` command: see usage() in run-cli.ts. */
import { processIo } from "./io.ts";
import { runCli } from "./run-cli.ts";

process.exitCode = await runCli(Bun.argv.slice(2), processIo());
