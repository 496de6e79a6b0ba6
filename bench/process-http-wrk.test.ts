import { describe, expect, test } from "bun:test";
import { parseWrk } from "./process-http-wrk.ts";

const out = (tail: string) => `Running 10s test @ http://127.0.0.1:40729/
  1 threads and 100 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.98ms    2.18ms  82.26ms   97.58%
  Latency Distribution
     50%    1.69ms
     75%    1.85ms
     90%    2.40ms
     99%    6.54ms
${tail}
Requests/sec:  44259.74
Transfer/sec:      8.74MB
`;

describe("parseWrk", () => {
  test("a clean run: rate, latencies, requests, duration, CPU per request", () => {
    const run = parseWrk(out("  535960 requests in 10.11s, 105.80MB read"), 1072);
    expect(run).toEqual({ rps: 44259.74, p50Ms: 1.69, p99Ms: 6.54, requests: 535960, errors: 0, timeouts: 0, seconds: 10.11, cpuMicros: (10.72 * 1e6) / 535960 });
  });

  test("time-outs are errors, counted apart, and the run's real length is kept", () => {
    const run = parseWrk(out("  535960 requests in 12.11s, 105.80MB read\n  Socket errors: connect 0, read 0, write 0, timeout 98"), 0);
    expect([run.errors, run.timeouts, run.seconds]).toEqual([98, 98, 12.11]);
  });

  test("non-2xx answers and other socket errors are errors but not time-outs", () => {
    const run = parseWrk(out("  1000 requests in 1.00m, 1MB read\n  Socket errors: connect 0, read 2, write 0, timeout 0\n  Non-2xx or 3xx responses: 5"), 0);
    expect([run.errors, run.timeouts, run.seconds]).toEqual([7, 0, 60]);
  });

  test("output without the figures is an error, not zeros", () => {
    expect(() => parseWrk("unable to connect to 127.0.0.1:1 Connection refused", 0)).toThrow();
  });
});
