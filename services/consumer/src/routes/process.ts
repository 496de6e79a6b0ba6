import { HttpError, type ApiDocs, type HotRoutes, type JsonSchema } from "@tally/http-kit";
import type { EmployeesView } from "../employees/analyse-employees.ts";
import { DEFAULT_MAX_RECORDS } from "../employees/parse-employees.ts";
import { processAnswerer, type ProcessAnswererOptions } from "./process-answer.ts";

const JSON_TYPE = { "content-type": "application/json" };

export interface ProcessRouteOptions extends Partial<ProcessAnswererOptions> {
  /** Most records one body may hold (PROCESS_MAX_RECORDS, default 100,000). */
  maxRecords?: number;
}

/**
 * POST /process (seed 001): a JSON array of employee records → average salary and count per gender
 * (`?view=full`: the seed's final_analysis figures). Computed in the request, exactly; a refused
 * record is listed, never a failure. Not JSON or not an array → 400; more than `maxRecords` → 413
 * (bodies over the service's BODY_LIMIT_BYTES are 413). A hot route without side effects: served by Bun's
 * native router with the token check, metrics and errors of the app, but — like a read — no content-type
 * or cross-site check, so it never touches the headers without a token (bench/RESULTS.md, POST /process).
 */
export function registerProcessRoutes(hot: HotRoutes, docs: ApiDocs, opts: ProcessRouteOptions = {}): void {
  const maxRecords = opts.maxRecords ?? DEFAULT_MAX_RECORDS;
  const answer = processAnswerer({ ...opts, threads: opts.threads ?? 0 });
  hot.add("POST", "/process", (req, body) => {
    const answered = answer(body, viewParam(req.query("view")), maxRecords);
    return typeof answered === "string" ? ok(answered) : answered.then(ok);
  }, { sideEffects: false });

  docs.add({
    method: "post",
    path: "/process",
    summary: "Employee analytics for one request: average salary and count by gender",
    description:
      "The body is a JSON array of employee records in either shape of the seed's data: emp_data.json " +
      "(`gender`, `salary`, `birth_date` YYYY-MM-DD, `age`, `years_of_experience`, `is_manager`, …) or json_topic.json " +
      "(`gender`, `salary`, `dob_year`, `dob_month`, …). Salaries are summed exactly in cents (at most 2 fraction digits) " +
      "and averages rounded half-up to 2 decimals. A record that is not an object, lacks a non-empty `gender` or a " +
      "`salary` ≥ 0 with at most 2 fraction digits, or has a malformed birth date, age, experience or manager flag is " +
      "refused as a whole and counted nowhere; `?view=full` lists it with its index and reason. Absent optional fields only " +
      `leave the record out of the figures that need them. At most PROCESS_MAX_RECORDS records (${maxRecords} here).`,
    tags: ["employees"],
    query: [{ name: "view", description: "`default` (the original's answer) or `full` (the seed's final_analysis)", schema: { enum: ["default", "full"], default: "default" } }],
    requestBody: { schema: { type: "array", items: EMPLOYEE }, example: LOCUST_PAYLOAD },
    responses: {
      200: { description: "Per gender (default view) or the full analysis (`?view=full`)", schema: { oneOf: [DEFAULT_ANSWER, FULL_ANSWER] } },
      400: { description: "Not JSON, not an array, or an unknown `view`" },
      413: { description: "Body over BODY_LIMIT_BYTES, or more than PROCESS_MAX_RECORDS records" },
    },
  });
}

/** The answer is JSON text already (exact decimals as JSON numbers): re-serialising it would cost twice. */
function ok(answer: string): Response {
  return new Response(answer, { status: 200, headers: JSON_TYPE });
}

function viewParam(value: string | undefined): EmployeesView {
  if (value === undefined || value === "default") return "default";
  if (value === "full") return "full";
  throw new HttpError(400, "invalid_query", "view must be default or full");
}

/** The original's Locust payload. */
const LOCUST_PAYLOAD = [
  { id: 1, gender: "M", salary: 5000 },
  { id: 2, gender: "F", salary: 6000 },
  { id: 3, gender: "M", salary: 5500 },
];

const EMPLOYEE: JsonSchema = {
  type: "object",
  required: ["gender", "salary"],
  properties: {
    gender: { type: "string", minLength: 1, maxLength: 64 },
    salary: { type: "number", minimum: 0, description: "at most 2 fraction digits" },
    birth_date: { type: "string", format: "date" },
    dob_year: { type: "integer" },
    dob_month: { type: "integer", minimum: 1, maximum: 12 },
    age: { type: "integer", minimum: 0 },
    years_of_experience: { type: "number", minimum: 0 },
    is_manager: { type: "boolean" },
  },
};

const AVERAGE: JsonSchema = { type: ["number", "null"], description: "exact average rounded half-up to 2 decimals; null over no records" };

const BY_GENDER: JsonSchema = {
  type: "array",
  items: { type: "object", required: ["gender", "average_salary", "count"], properties: { gender: { type: "string" }, average_salary: AVERAGE, count: { type: "integer" } } },
};

const DEFAULT_ANSWER: JsonSchema = {
  ...BY_GENDER,
  title: "default view",
  example: [
    { gender: "F", average_salary: 6000.0, count: 1 },
    { gender: "M", average_salary: 5250.0, count: 2 },
  ],
};

const FULL_ANSWER: JsonSchema = {
  type: "object",
  title: "full view (?view=full)",
  required: ["count", "average_salary", "by_gender", "by_birth_month", "age", "managers", "average_years_of_experience", "rejected"],
  properties: {
    count: { type: "integer" },
    average_salary: AVERAGE,
    by_gender: BY_GENDER,
    by_birth_month: { type: "array", items: { type: "object", properties: { month: { type: "integer" }, count: { type: "integer" } } } },
    age: { type: "object", properties: { min: { type: ["integer", "null"] }, max: { type: ["integer", "null"] } } },
    managers: { type: "integer" },
    average_years_of_experience: AVERAGE,
    rejected: { type: "array", items: { type: "object", properties: { index: { type: "integer" }, reason: { type: "string" } } } },
  },
  example: {
    count: 2,
    average_salary: 5500.0,
    by_gender: [{ gender: "F", average_salary: 6000.0, count: 1 }, { gender: "M", average_salary: 5000.0, count: 1 }],
    by_birth_month: [{ month: 5, count: 1 }],
    age: { min: 30, max: 30 },
    managers: 1,
    average_years_of_experience: 8.0,
    rejected: [{ index: 2, reason: "gender is empty" }],
  },
};
