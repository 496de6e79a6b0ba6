import { keyProblem, refuseGroups, type CheckedResult } from "@tally/billing";
import type { AggregateResult, Rejection } from "@tally/kernel-wasm";
import type { KernelInput } from "@tally/pipeline";

const strict = new TextDecoder("utf-8", { fatal: true });

/** Why an api-log group's (user, task) key cannot be billed, or null. */
function usageKeyProblem(key: readonly string[]): string | null {
  return keyProblem(key[0] ?? "", "user") ?? keyProblem(key[1] ?? "", "task");
}

/**
 * One api-log message as kernel input, checked: a line whose user or task is not valid UTF-8 is a
 * rejected line (decoded, two different invalid names would merge into one user). The kernel groups
 * by bytes; groups with such a key are refused whole (`refuseGroups`), and only then — rarely — the
 * message is walked line by line to name the lines, so the dead letter holds them.
 */
export function apiLogInput(bytes: Buffer | null): KernelInput {
  return {
    read: async (aggregator) => {
      if (bytes !== null && bytes.byteLength > 0) aggregator.push(bytes);
      return checkUsageKeys(aggregator.finish(), bytes);
    },
  };
}

/** `refuseGroups` for (user, task) keys, with the refused lines located in `bytes`. */
export function checkUsageKeys(result: AggregateResult, bytes: Buffer | null): CheckedResult {
  const checked = refuseGroups(result, (g) => usageKeyProblem(g.key));
  if (checked.refused.length === 0 || bytes === null) return checked;
  // Lines the kernel rejected itself (a bad duration as well) are already counted: not twice.
  const kernelLines = new Set(result.rejections.map((r) => r.line));
  const located = badKeyLines(bytes).filter((r) => !kernelLines.has(r.line));
  const rows = checked.refused.reduce((n, r) => n + r.rows, 0);
  // The walk splits lines as the kernel does; should it ever disagree, the rows stay counted, unlisted.
  if (located.length !== rows) return checked;
  const rejections = [...checked.rejections, ...located].sort((a, b) => a.line - b.line);
  return { ...checked, rejections };
}

/** Lines of a log message (fields split on runs of spaces/tabs) whose user (field 1) or task (field 2) fails `keyProblem`, strictly decoded. */
export function badKeyLines(bytes: Buffer): Rejection[] {
  const out: Rejection[] = [];
  let line = 0;
  for (let start = 0; start < bytes.byteLength; ) {
    line++;
    let end = bytes.indexOf(10, start);
    if (end === -1) end = bytes.byteLength;
    const next = end + 1;
    if (end > start && bytes[end - 1] === 13) end--;
    const fields = splitFields(bytes.subarray(start, end));
    // Only lines the kernel would count: five fields (others it rejects itself).
    if (fields.length === 5) {
      const problem = fieldProblem(fields[1]!, "user") ?? fieldProblem(fields[2]!, "task");
      if (problem) out.push({ line, reason: problem });
    }
    start = next;
  }
  return out;
}

function fieldProblem(field: Uint8Array, what: string): string | null {
  try {
    return keyProblem(strict.decode(field), what);
  } catch {
    return `${what} is not valid UTF-8`;
  }
}

function splitFields(line: Uint8Array): Uint8Array[] {
  const fields: Uint8Array[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && (line[i] === 32 || line[i] === 9)) i++;
    if (i >= line.length) break;
    const from = i;
    while (i < line.length && line[i] !== 32 && line[i] !== 9) i++;
    fields.push(line.subarray(from, i));
  }
  return fields;
}
