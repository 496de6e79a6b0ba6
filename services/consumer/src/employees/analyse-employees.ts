import { readEmployee } from "./employee-record.ts";
import { addEmployee, addRejection, createStats, type EmployeeStats } from "./employee-stats.ts";
import { defaultView, fullView } from "./employee-views.ts";
import { DEFAULT_MAX_RECORDS, parseEmployees } from "./parse-employees.ts";
import type { EmployeeBodyReader } from "./projection/projected-employee.ts";
import { projectEmployees } from "./projection/project-employees.ts";

/** The two answers of POST /process: the original's per-gender list, or the seed's final_analysis. */
export type EmployeesView = "default" | "full";

/** The figures over a list of records; refused records are listed with their index and never fail the whole. */
export function analyseEmployees(records: readonly unknown[]): EmployeeStats {
  const stats = createStats();
  for (let i = 0; i < records.length; i++) {
    const employee = readEmployee(records[i]);
    if (typeof employee === "string") addRejection(stats, i, employee);
    else addEmployee(stats, employee);
  }
  return stats;
}

/**
 * A request body (JSON array text) to the answer's JSON text: what POST /process does apart from
 * HTTP, shared with the bare Bun.serve handler the benchmark compares it with. Throws
 * EmployeesInputError for a body that is not an array of at most `maxRecords`.
 *
 * The records are read by `read`, a projecting reader that builds only the fields readEmployee reads
 * (project-employees.ts by default; the kernel's, kernel-projection.ts, for large bodies); for any
 * body it cannot promise the same answer for, JSON.parse reads it. `read: null` always takes
 * JSON.parse (the property test compares the readers with it).
 */
export function processEmployees(body: string, view: EmployeesView, maxRecords = DEFAULT_MAX_RECORDS, read: EmployeeBodyReader | null = projectEmployees): string {
  // When the projection gives up, the full parse runs and gives the answer or the error.
  const records = (read === null ? null : read(body, maxRecords)) ?? parseEmployees(body, maxRecords);
  const stats = analyseEmployees(records);
  return view === "full" ? fullView(stats) : defaultView(stats);
}
