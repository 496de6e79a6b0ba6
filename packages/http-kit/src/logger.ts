/** Severity levels, lowest first. */
export type LogLevel = "debug" | "info" | "warn" | "error";

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** A structured logger writing one JSON object per line. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/**
 * A JSON-lines logger for `service` at `level` (default: env LOG_LEVEL, else info).
 * `write` is injectable so tests can capture lines.
 */
export function createLogger(
  service: string,
  level: LogLevel = parseLevel(process.env.LOG_LEVEL),
  write: (line: string) => void = (line) => process.stdout.write(line + "\n"),
): Logger {
  const min = ORDER[level];
  const emit = (lvl: LogLevel) => (msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[lvl] < min) return;
    write(JSON.stringify({ time: new Date().toISOString(), level: lvl, service, msg, ...fields }, errorsAsText));
  };
  return { debug: emit("debug"), info: emit("info"), warn: emit("warn"), error: emit("error") };
}

function parseLevel(v: string | undefined): LogLevel {
  const lower = v?.toLowerCase();
  return lower === "debug" || lower === "info" || lower === "warn" || lower === "error" ? lower : "info";
}

function errorsAsText(_key: string, value: unknown): unknown {
  // Error objects serialize as {} by default, which hides exactly what a log line is for.
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (typeof value === "bigint") return value.toString();
  return value;
}
