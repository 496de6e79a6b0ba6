/** Where env helpers read from; tests pass a plain object. */
export type EnvSource = Record<string, string | undefined>;

/** A configuration value that is missing or malformed; the message names the variable. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(readonly variable: string, message: string) {
    super(`${variable}: ${message}`);
  }
}

function raw(env: EnvSource, name: string): string | undefined {
  const v = env[name];
  // An empty value counts as unset, so `FOO= bun ...` falls back to the default.
  return v === undefined || v.trim() === "" ? undefined : v.trim();
}

/**
 * A string variable. Without a default, a missing variable throws; pass `undefined`
 * explicitly via {@link envOptional} when the variable may be absent.
 */
export function envString(name: string, fallback?: string, env: EnvSource = process.env): string {
  const v = raw(env, name) ?? fallback;
  if (v === undefined) throw new ConfigError(name, "is required but not set");
  return v;
}

/** A string variable that may be absent (e.g. API_TOKEN: unset means no auth). */
export function envOptional(name: string, env: EnvSource = process.env): string | undefined {
  return raw(env, name);
}

/** An integer variable, optionally bounded; throws naming the variable on a non-integer or out-of-range value. */
export function envInt(
  name: string,
  fallback: number,
  opts: { min?: number; max?: number } = {},
  env: EnvSource = process.env,
): number {
  const v = raw(env, name);
  if (v === undefined) return fallback;
  if (!/^-?\d+$/.test(v)) throw new ConfigError(name, `expected an integer, got ${JSON.stringify(v)}`);
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new ConfigError(name, `integer ${v} is too large`);
  if (opts.min !== undefined && n < opts.min) throw new ConfigError(name, `must be >= ${opts.min}, got ${n}`);
  if (opts.max !== undefined && n > opts.max) throw new ConfigError(name, `must be <= ${opts.max}, got ${n}`);
  return n;
}

const TRUE = new Set(["true", "1", "yes", "on"]);
const FALSE = new Set(["false", "0", "no", "off"]);

/** A boolean variable: true/false, 1/0, yes/no, on/off (any case). */
export function envBool(name: string, fallback: boolean, env: EnvSource = process.env): boolean {
  const v = raw(env, name);
  if (v === undefined) return fallback;
  const lower = v.toLowerCase();
  if (TRUE.has(lower)) return true;
  if (FALSE.has(lower)) return false;
  throw new ConfigError(name, `expected true/false, got ${JSON.stringify(v)}`);
}

/** A comma-separated list; items are trimmed and empty items dropped. Throws if the result is empty. */
export function envList(name: string, fallback: readonly string[], env: EnvSource = process.env): string[] {
  const v = raw(env, name);
  if (v === undefined) return [...fallback];
  const items = v.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (items.length === 0) throw new ConfigError(name, `expected a comma-separated list, got ${JSON.stringify(v)}`);
  return items;
}
