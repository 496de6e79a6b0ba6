import { FIELD_FALSE, FIELD_NUMBER, FIELD_STRING, FIELD_TRUE, type JsonProjector, type Kernel } from "@tally/kernel-wasm";
import { LONG_RUN } from "./long-number-run.ts";
import { internedDate } from "./interned-dates.ts";
import { ProjectedEmployee, setField, type EmployeeBodyReader } from "./projected-employee.ts";

/** The fields readEmployee reads, in setField's order (projected-employee.ts). */
const FIELDS = ["gender", "salary", "birth_date", "dob_year", "dob_month", "age", "years_of_experience", "is_manager"] as const;
const BIRTH_DATE = 2;

/**
 * The records of a body as `ProjectedEmployee`s, read by the WASM kernel's JSON projector (one SIMD
 * pass that validates the text and keeps only these fields): the same records as projectEmployees
 * gives, in ~0.7× its time on a 100-record body (the whole of POST /process's work: 0.73×;
 * bench/RESULTS.md, session 10). It gives up (null) on every body projectEmployees gives up on
 * (`__proto__`, 16 number characters in a row, escapes in keys or wanted values, wanted containers,
 * duplicates) and also on wanted strings that are not ASCII and wanted numbers with an exponent; the
 * caller then reads the body with projectEmployees or JSON.parse.
 */
export function kernelEmployeeReader(kernel: Kernel): EmployeeBodyReader {
  const projector = kernel.createProjector(FIELDS, { refuse: ["__proto__"], longRun: LONG_RUN });
  return (text, maxRecords) => {
    const count = projector.project(text, maxRecords);
    if (count < 0) return null;
    const records = new Array<ProjectedEmployee>(count);
    for (let row = 0; row < count; row++) records[row] = employeeAt(projector, row);
    return records;
  };
}

function employeeAt(projector: JsonProjector, row: number): ProjectedEmployee {
  const record = new ProjectedEmployee();
  let present = projector.presence(row);
  for (let field = 0; present !== 0; field++, present >>>= 1) {
    if ((present & 1) === 0) continue;
    const kind = projector.kind(row, field);
    let value: unknown;
    if (kind === FIELD_STRING) value = (field === BIRTH_DATE && projector.stringLength(row, field) === 10 && internedDate(projector.bytes, projector.stringStart(row, field))) || projector.string(row, field);
    else if (kind === FIELD_NUMBER) value = projector.number(row, field);
    else value = kind === FIELD_TRUE ? true : kind === FIELD_FALSE ? false : null;
    setField(record, field, value);
  }
  return record;
}
