import { HttpError } from "@tally/http-kit";
import { processEmployees, type EmployeesView } from "../employees/analyse-employees.ts";
import { EmployeesInputError } from "../employees/parse-employees.ts";

/**
 * POST /process's answer for a body: the JSON text of the view, or an HttpError (400 for a body that is
 * not a JSON array, 413 past `maxRecords`). Pure, so the route may run it in a compute worker
 * (process.ts), which loads this module by name.
 */
export function answerProcess(body: string, view: EmployeesView, maxRecords: number): string {
  try {
    return processEmployees(body, view, maxRecords);
  } catch (error) {
    if (error instanceof EmployeesInputError) throw new HttpError(error.code === "too_many_records" ? 413 : 400, error.code, error.message);
    throw error;
  }
}
