/**
 * CPU used by a service process and the local stack's Cassandra and Kafka over a span of a bench
 * (utime + stime from /proc, the stack's pids from .stack/<name>/<name>.pid): on 2 shared cores
 * this says whether a run was bound by the service, by a server, or by the box.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cpuTicks, loadAverage } from "./produce-tools.ts";

/** The pid of a server of the local stack (`cassandra`, `kafka`, …), from its pid file; null when there is none. */
export function stackPid(name: string): number | null {
  try {
    return Number(readFileSync(join(import.meta.dir, `../.stack/${name}/${name}.pid`), "utf8"));
  } catch {
    return null;
  }
}

/** CPU ticks (1/100 s) so far of the service, Cassandra and Kafka (0 for a stack process that is not ours to see). */
export function cpuSnapshot(servicePid: number): number[] {
  const ticksOf = (name: string) => {
    const pid = stackPid(name);
    try {
      return pid === null ? 0 : cpuTicks(pid);
    } catch {
      return 0; // the pid file outlived its process
    }
  };
  return [cpuTicks(servicePid), ticksOf("cassandra"), ticksOf("kafka")];
}

/** One line: the CPU seconds each used since `before`, against the core-seconds the span offered. */
export function cpuLine(what: string, servicePid: number, before: number[], spanMs: number): string {
  const [service, cassandra, kafka] = cpuSnapshot(servicePid).map((ticks, i) => (ticks - before[i]!) / 100);
  const cores = navigator.hardwareConcurrency;
  return `CPU during ${what} (of ${((cores * spanMs) / 1000).toFixed(1)} core-s on ${cores} cores): service ${service!.toFixed(1)} s, Cassandra ${cassandra!.toFixed(1)} s, Kafka ${kafka!.toFixed(1)} s; load ${loadAverage()}`;
}
