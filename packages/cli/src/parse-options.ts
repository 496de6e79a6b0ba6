/**
 * Strict long-option parsing for the CLI's commands: `--name value`, `--name=value`, flags, positionals
 * and `--`. What node:util's parseArgs does with `strict: true` for long options, without loading
 * node:util (2–3 ms of every command's start-up on Bun).
 */
import { UsageError } from "./errors.ts";

/** The options a command takes: each a string (with a value) or a flag. */
export type OptionSpec = Record<string, { type: "string" | "boolean" }>;

/** Parsed arguments: string options' values (the last one given wins), flags as true, and the rest. */
export interface ParsedOptions {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** Parses `argv` against `options`; throws UsageError naming the option for anything else. */
export function parseOptions(argv: readonly string[], options: OptionSpec): ParsedOptions {
  const values: Record<string, string | boolean | undefined> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    // "-" alone is an argument (stdin), not an option.
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    if (!arg.startsWith("--")) throw new UsageError(`unknown option '${arg}'`);
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const spec = Object.hasOwn(options, name) ? options[name] : undefined;
    if (!spec) throw new UsageError(`unknown option '--${name}'`);
    if (spec.type === "boolean") {
      if (eq >= 0) throw new UsageError(`option '--${name}' takes no value`);
      values[name] = true;
    } else if (eq >= 0) {
      values[name] = arg.slice(eq + 1);
    } else {
      const value = argv[i + 1];
      if (value === undefined) throw new UsageError(`option '--${name} <value>' argument missing`);
      // As parseArgs: a value that looks like an option is more likely a forgotten one.
      if (value.startsWith("-") && value !== "-") throw new UsageError(`option '--${name}' needs a value; for one starting with '-' write --${name}=${value}`);
      values[name] = value;
      i++;
    }
  }
  return { values, positionals };
}
