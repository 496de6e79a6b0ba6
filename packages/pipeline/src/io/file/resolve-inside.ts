import { fsPromises } from "./fs-promises.ts";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { InputError, UnsafePathError } from "../../errors.ts";

/**
 * Resolves an untrusted path (e.g. a file name from a Kafka message) to a real path inside
 * `baseDir`, or throws `UnsafePathError`. Refuses `..` segments, absolute paths outside the base,
 * NUL bytes, and symlinks (anywhere on the path) that lead outside: the check is done on the
 * realpath, after the filesystem resolved every link. The file must exist (`InputError` otherwise).
 *
 * The returned path can still be swapped between this check and the open (TOCTOU); the base is
 * meant to be a directory only the operator writes to.
 */
export async function resolveInside(baseDir: string, untrusted: string): Promise<string> {
  if (untrusted === "" || untrusted.includes("\0")) throw new UnsafePathError("path is empty or contains a NUL byte");
  if (untrusted.split(/[\\/]/).includes("..")) throw new UnsafePathError(`path may not contain '..': ${untrusted}`);
  const base = await realBase(baseDir);
  const lexicalBase = resolve(baseDir);
  let candidate: string;
  if (isAbsolute(untrusted)) {
    const abs = resolve(untrusted);
    // An absolute path is accepted only when it names something under the base as given or as real.
    if (!contains(lexicalBase, abs) && !contains(base, abs)) throw new UnsafePathError(`absolute path outside ${baseDir}: ${untrusted}`);
    candidate = abs;
  } else {
    candidate = resolve(base, untrusted);
  }
  let real: string;
  try {
    real = await (await fsPromises()).realpath(candidate);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ENOENT" || code === "ENOTDIR") throw new InputError(`no such file: ${untrusted}`, { cause: error });
    if (code === "ELOOP") throw new UnsafePathError(`symlink loop: ${untrusted}`);
    throw error;
  }
  if (!contains(base, real)) throw new UnsafePathError(`path leaves ${baseDir} through a symlink: ${untrusted}`);
  return real;
}

async function realBase(baseDir: string): Promise<string> {
  try {
    return await (await fsPromises()).realpath(baseDir);
  } catch (error) {
    throw new InputError(`base directory does not exist: ${baseDir}`, { cause: error });
  }
}

/** True when `path` is `dir` itself or below it. */
function contains(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === "" || (!rel.startsWith(".." + sep) && rel !== ".." && !isAbsolute(rel));
}
