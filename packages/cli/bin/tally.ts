#!/usr/bin/env bun
/**
 * The `tally` command. Runs the bundle `bun run build` makes (build/main.js: minified JS that starts
 * ~10-16 ms sooner than the ~80 TypeScript modules) while it is newer than every source it was made
 * from, else src/main.ts — so an edited source is never shadowed by a stale bundle. Starts compiling
 * the kernel first (@tally/kernel-wasm/prefetch) for the commands that use it.
 */
import { prefetchKernel } from "@tally/kernel-wasm/prefetch";
import { bundleIsFresh } from "../src/bundle-freshness.ts";

// These two run the kernel: its compile (off the main thread) overlaps loading the program.
if (process.argv[2] === "aggregate" || process.argv[2] === "bill") prefetchKernel();

const build = new URL("../build/", import.meta.url);
await import(bundleIsFresh(build) ? new URL("main.js", build).href : "../src/main.ts");
