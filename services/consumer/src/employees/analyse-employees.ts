import { readEmployee } from "./employee-record.ts";
import { addEmployee, addRejection, createStats, type EmployeeStats } from "./employee-stats.ts";
import { defaultView, fullView } from "./employee-views.ts";
import { parseEmployees } from "./parse-employees.ts";

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
 */
export function processEmployees(body: string, view: EmployeesView, maxRecords?: number): string {
  const stats = analyseEmployees(parseEmployees(body, maxRecords));
  return view === "full" ? fullView(stats) : defaultView(stats);
}
