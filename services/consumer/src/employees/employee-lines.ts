import { readEmployee } from "./employee-record.ts";
import { addEmployee, createStats, type EmployeeStats } from "./employee-stats.ts";
import { parseEmployeeLine } from "./parse-employees.ts";

/** A refused line of a message: its 1-based line number, why, and its text (for the dead letter). */
export interface RefusedLine {
  line: number;
  reason: string;
  text: string;
}

/** The figures of one message of NDJSON employee records, and the lines refused. */
export interface AnalysedLines {
  stats: EmployeeStats;
  refused: RefusedLine[];
}

/**
 * Reads one stream message: employee records as JSON lines (json_topic.json, emp_data.json), blank
 * lines skipped. Same rules as POST /process, per line; a line that is not JSON is refused too.
 * Refused lines are only counted in `stats.rejectedCount` (listed in `refused`), never in a figure.
 * One JSON.parse per line: joining the lines into one array to parse at once measured slower here
 * (the joined string is a rope JSON.parse must flatten first).
 */
export function analyseLines(text: string): AnalysedLines {
  const lines = text.split("\n");
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === "") lines.pop();
  const stats = createStats();
  const refused: RefusedLine[] = [];
  for (let i = 0; i < lines.length; i++) addLine(stats, refused, i + 1, lines[i]!);
  return { stats, refused };
}

/**
 * Reads line `line` (1-based, its text without the LF) into `stats` or `refused`; a blank line is
 * skipped. The per-line rule of both paths (the kernel path sends the lines it does not read here).
 */
export function addLine(stats: EmployeeStats, refused: RefusedLine[], line: number, text: string): void {
  const value = parseOne(text);
  if (value === BLANK) return;
  const employee = value === NOT_JSON ? "line is not valid JSON" : readEmployee(value);
  if (typeof employee === "string") {
    stats.rejectedCount++;
    refused.push({ line, reason: employee, text });
  } else addEmployee(stats, employee);
}

const BLANK = Symbol("blank line");
const NOT_JSON = Symbol("not JSON");

function parseOne(line: string): unknown {
  if (line.trim() === "") return BLANK;
  try {
    return parseEmployeeLine(line);
  } catch {
    return NOT_JSON;
  }
}
