import { fsPromises } from "./fs-promises.ts";
import { relative, sep } from "node:path";
import { asPoison, ConnectionError, PoisonError } from "../../errors.ts";
import type { Transform } from "../../model/transform.ts";
import { resolveInside } from "./resolve-inside.ts";

/** An element that names a file, with the file found safely inside the base directory. */
export interface FileRef<T> {
  readonly input: T;
  /** The real path, for reading. */
  readonly path: string;
  /** The path relative to the base, with "/" separators: a stable name for upsert keys. */
  readonly name: string;
}

/**
 * Resolves the untrusted file name each element carries (e.g. a Kafka message's value) inside
 * `baseDir` (see `resolveInside`). Names that are empty, leave the base, or name nothing readable
 * go to the dead letters; a missing base directory is the deployment's fault, not the element's,
 * so it fails the batch (retriable) until the directory is there.
 */
export function resolveFiles<T>(baseDir: string, nameOf: (item: T) => string): Transform<T, FileRef<T>> {
  return async (items, ctx) => {
    let base: string;
    try {
      base = await (await fsPromises()).realpath(baseDir);
    } catch (error) {
      throw new ConnectionError(`base directory ${baseDir} is not available: ${(error as Error).message}`, { cause: error });
    }
    const out: FileRef<T>[] = [];
    for (const item of items) {
      try {
        let untrusted: string;
        try {
          untrusted = nameOf(item).trim();
        } catch (error) {
          throw new PoisonError("bad_record", `cannot read a file name from it: ${(error as Error).message}`, { cause: error });
        }
        if (untrusted === "") throw new PoisonError("empty", "names no file");
        // The base as configured: absolute names under it are accepted even when it is a symlink.
        const path = await resolveInside(baseDir, untrusted);
        if (!(await (await fsPromises()).stat(path)).isFile()) throw new PoisonError("unreadable", `not a regular file: ${untrusted}`);
        out.push({ input: item, path, name: relative(base, path).split(sep).join("/") });
      } catch (error) {
        const poison = asPoison(error);
        if (!poison) throw error;
        ctx.reject(item, poison.reason, poison.kind);
      }
    }
    return out;
  };
}
