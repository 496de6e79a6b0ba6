/**
 * The reference implementation is a test oracle only, and independent of what it checks:
 * production code never imports it, and it takes from production only types, constants (limits,
 * reason codes and their text), errors and spec normalisation — no parsing code.
 */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

const root = join(import.meta.dir, "..");
const src = join(root, "src");

/** What `src/reference/` may import from the rest of the package (paths relative to src/). */
const ORACLE_MAY_IMPORT = new Set(["constants.ts", "errors.ts", "reasons.ts", "spec.ts", "types.ts"]);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

/** Module specifiers of every import/export-from in `file`. */
function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']/g), ...text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!);
}

const isTestCode = (rel: string) => rel.endsWith(".test.ts") || rel.startsWith("test-support/") || rel.startsWith("conformance/");

describe("the oracle boundary", () => {
  test("nothing but tests imports src/reference/", () => {
    const offenders: string[] = [];
    for (const file of [...files(src), ...files(join(root, "assembly"))]) {
      const rel = relative(src, file);
      if (rel.startsWith("reference/") || isTestCode(rel)) continue;
      for (const spec of imports(file)) if (/(^|\/)reference(\/|$)/.test(spec)) offenders.push(`${rel} imports ${spec}`);
    }
    expect(offenders).toEqual([]);
  });

  test("src/reference/ imports only types, constants, errors and spec normalisation from production", () => {
    const offenders: string[] = [];
    for (const file of files(join(src, "reference"))) {
      if (file.endsWith(".test.ts")) continue;
      for (const spec of imports(file)) {
        if (!spec.startsWith(".")) {
          offenders.push(`${relative(src, file)} imports package ${spec}`);
          continue;
        }
        const target = relative(src, join(file, "..", spec));
        if (target.startsWith("reference/")) continue;
        if (!ORACLE_MAY_IMPORT.has(target)) offenders.push(`${relative(src, file)} imports ${target}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  test("the checks see imports at all", () => {
    expect(imports(join(src, "reference", "index.ts"))).toContain("../constants.ts");
    expect(imports(join(src, "csv-header.ts"))).toContain("./csv-record.ts");
  });
});
