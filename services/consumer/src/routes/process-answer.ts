import { ComputePool, HttpError, type Logger } from "@tally/http-kit";
import { loadKernelFromDisk } from "@tally/kernel-wasm/disk";
import type { Registry } from "prom-client";
import { processEmployees, type EmployeesView } from "../employees/analyse-employees.ts";
import { EmployeesInputError } from "../employees/parse-employees.ts";
import { kernelEmployeeReader } from "../employees/projection/kernel-projection.ts";
import { projectEmployees } from "../employees/projection/project-employees.ts";
import type { EmployeeBodyReader } from "../employees/projection/projected-employee.ts";

/**
 * Bodies shorter than this (UTF-16 units) are answered in the request's thread: handing a small body to a
 * worker and its answer back costs the service's thread more than computing it (bench/RESULTS.md).
 */
export const DEFAULT_OFFLOAD_BYTES = 8192;

/**
 * Bodies from this length on (UTF-16 units) are read by the kernel's JSON projector: POST /process's
 * work takes 0.73–0.87× the time it takes with the JavaScript projecting reader from 5 records (1.2 kB)
 * up (bench/RESULTS.md, session 10); for the original's 3-record body the call into the kernel is not
 * worth it.
 */
export const KERNEL_READ_CHARS = 1024;

/**
 * The kernel's reader, in every thread that loads this module (the route's and each compute
 * worker's; a projector holds an instance of its own). Without a built kernel the JavaScript reader
 * reads every body; the consumer itself does not start without one.
 */
const kernelRead = await loadKernelFromDisk({ poolSize: 0 }).then(kernelEmployeeReader, () => null);

/** The kernel's reader, and the JavaScript one for what it gives up on (which then may give up too: JSON.parse). */
const readLarge: EmployeeBodyReader = (text, maxRecords) => kernelRead!(text, maxRecords) ?? projectEmployees(text, maxRecords);

/**
 * POST /process's answer for a body: the JSON text of the view, or an HttpError (400 for a body that is
 * not a JSON array, 413 past `maxRecords`). Pure, so it may run in a compute worker, which loads this
 * module by name (processAnswerer).
 */
export function answerProcess(body: string, view: EmployeesView, maxRecords: number): string {
  try {
    return processEmployees(body, view, maxRecords, kernelRead !== null && body.length >= KERNEL_READ_CHARS ? readLarge : projectEmployees);
  } catch (error) {
    if (error instanceof EmployeesInputError) throw new HttpError(error.code === "too_many_records" ? 413 : 400, error.code, error.message);
    throw error;
  }
}

export interface ProcessAnswererOptions {
  /** Compute workers for large bodies (PROCESS_THREADS); 0 answers every body in the caller's thread. */
  threads: number;
  /** Bodies from this length on go to a worker when there are any (default DEFAULT_OFFLOAD_BYTES). */
  offloadBytes?: number;
  logger?: Logger;
  /** Where the pool counts its calls (tally_compute_calls_total). */
  registry?: Registry;
}

/**
 * answerProcess as the route runs it (and the benchmark's bare server, so both do the same work): small
 * bodies in the caller's thread, synchronously; large ones on a ComputePool of `threads` workers.
 */
export function processAnswerer(opts: ProcessAnswererOptions): (body: string, view: EmployeesView, maxRecords: number) => string | Promise<string> {
  const pool = new ComputePool({
    name: "POST /process",
    fn: answerProcess,
    module: new URL(import.meta.url),
    exportName: "answerProcess",
    threads: opts.threads,
    logger: opts.logger,
    registry: opts.registry,
  });
  const offloadBytes = opts.offloadBytes ?? DEFAULT_OFFLOAD_BYTES;
  return (body, view, maxRecords) => (body.length < offloadBytes ? answerProcess(body, view, maxRecords) : pool.run(body, view, maxRecords));
}
