/**
 * Whether the CLI's bundle (build/, made by scripts/build.ts) may run instead of the sources: it must
 * be newer than every workspace file it was built from and than bun.lock (which pins the packages
 * it bundled). build/sources.json lists those files; ~120 stats cost ~1 ms of a start.
 */
import { readFileSync, statSync } from "node:fs";

/** The list the build writes next to the bundle. */
export const SOURCES_FILE = "sources.json";

/** What the build records: when it finished and the files (absolute paths) it read. */
export interface BundleSources {
  builtMs: number;
  files: string[];
}

/** True when nothing the bundle was made from changed after `builtMs` (pure: mtimes given). */
export function isFresh(builtMs: number, sourceMtimes: readonly (number | undefined)[]): boolean {
  return sourceMtimes.every((m) => m !== undefined && m <= builtMs);
}

/** Reads `dir`/sources.json and stats the files it lists; false when either is missing or any file is newer. */
export function bundleIsFresh(dir: URL): boolean {
  let sources: BundleSources;
  try {
    sources = JSON.parse(readFileSync(new URL(SOURCES_FILE, dir), "utf8")) as BundleSources;
  } catch {
    return false;
  }
  if (!Array.isArray(sources.files) || typeof sources.builtMs !== "number") return false;
  return isFresh(sources.builtMs, sources.files.map(mtime));
}

function mtime(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined; // a deleted source: the bundle no longer matches the tree
  }
}
