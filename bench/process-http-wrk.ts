/** What one wrk run measured (from its --latency output), plus the server's CPU over the run. */
export interface WrkRun {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Socket errors plus non-2xx/3xx responses. */
  errors: number;
  /** Of those, requests wrk gave up waiting for (2 s without an answer). */
  timeouts: number;
  /** How long the run took, by wrk's own count (longer than asked when answers were still awaited). */
  seconds: number;
  /** Server CPU time per request in µs. */
  cpuMicros: number;
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

/** Parses wrk's text output; `cpuTicks` is the server's utime + stime over the run (1/100 s ticks). */
export function parseWrk(out: string, cpuTicks: number): WrkRun {
  const latency = (pct: string) => {
    const m = new RegExp(`^\\s*${pct}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, "m").exec(out);
    if (!m) throw new Error(`no ${pct}% latency in wrk output:\n${out}`);
    return Number(m[1]) * UNIT_MS[m[2]!]!;
  };
  const head = /^\s*(\d+) requests in ([\d.]+)(ms|s|m)\b/m.exec(out);
  const requests = Number(head?.[1] ?? NaN);
  const seconds = (Number(head?.[2] ?? NaN) * UNIT_MS[head?.[3] ?? "s"]!) / 1000;
  const rps = Number(/^Requests\/sec:\s+([\d.]+)/m.exec(out)?.[1] ?? NaN);
  if (!Number.isFinite(requests) || !Number.isFinite(rps)) throw new Error(`unreadable wrk output:\n${out}`);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const socketErrors = socket ? socket.slice(1).reduce((n, x) => n + Number(x), 0) : 0;
  const timeouts = Number(socket?.[4] ?? 0);
  return { rps, p50Ms: latency("50"), p99Ms: latency("99"), requests, errors: non2xx + socketErrors, timeouts, seconds, cpuMicros: ((cpuTicks / 100) * 1e6) / requests };
}
